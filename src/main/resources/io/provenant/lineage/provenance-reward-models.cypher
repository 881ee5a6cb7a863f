// The reward models the training runs of a chain optimized against, each with the REWARD_MODEL_CALIBRATION
// eval runs of it registered by $asOf (none: a proxy-reward risk).
UNWIND $runs AS runRef
MATCH (run:Artifact {ref: runRef})-[:REWARD_MODEL]->(rm:Artifact)
OPTIONAL MATCH (e:EvalRun)-[:EVALUATED]->(rm)
WHERE e.purpose = 'REWARD_MODEL_CALIBRATION' AND e.registeredAt <= $asOf
WITH run, rm, e
ORDER BY e.seq
RETURN run.ref AS run, run.seq AS seq, run.method AS method, rm.ref AS rewardModel, collect(e.ref) AS calibrations
ORDER BY seq
