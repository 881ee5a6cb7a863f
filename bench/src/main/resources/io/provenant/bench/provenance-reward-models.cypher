// Hand-written releaseProvenance, 9/9: the reward models the chain's runs optimized against, with their
// REWARD_MODEL_CALIBRATION eval runs (none: a proxy-reward risk).
UNWIND $runs AS runRef
MATCH (run:Artifact {ref: runRef})-[:REWARD_MODEL]->(rm:Artifact)
OPTIONAL MATCH (e:EvalRun)-[:EVALUATED]->(rm)
WHERE e.purpose = 'REWARD_MODEL_CALIBRATION'
RETURN run.ref AS run, rm.ref AS rewardModel, collect(e.ref) AS calibrations
