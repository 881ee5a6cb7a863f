// A checkpoint and the chain of training runs and checkpoints behind it (produced by, started from, reward
// model), with the datasets those runs used, as of $asOf: what a gate decision reads before a release exists.
MATCH (c:Artifact {ref: $ref})
WHERE c:Checkpoint AND c.registeredAt <= $asOf
CALL (c) {
  OPTIONAL MATCH p = (c)-[:PRODUCED_BY|STARTED_FROM|REWARD_MODEL*1..40]->(x)
  WHERE all(n IN nodes(p) WHERE n.registeredAt <= $asOf)
  RETURN collect(DISTINCT x) AS upstream
}
CALL (upstream) {
  UNWIND upstream AS run
  OPTIONAL MATCH (run:TrainingRun)-[:USED]->(d:Dataset)
  RETURN collect(DISTINCT d.ref) AS datasets
}
RETURN c.ref AS checkpoint, datasets, [x IN upstream WHERE x:TrainingRun | x.ref] AS runs
