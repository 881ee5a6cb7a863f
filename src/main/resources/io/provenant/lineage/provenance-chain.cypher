// The release, its gate and the eval runs the gate read, the released checkpoint, and the chain of training
// runs and checkpoints behind it (produced by, started from, reward model), with the datasets those runs used.
// Only artifacts registered by $asOf. The chain is short; its length is bounded all the same.
MATCH (r:Artifact {ref: $ref})
WHERE r:Release AND r.registeredAt <= $asOf
MATCH (r)-[:RELEASES]->(c:Checkpoint)
OPTIONAL MATCH (r)-[:DECIDED_BY]->(g:Gate)
CALL (g) {
  OPTIONAL MATCH (g)-[:READ]->(e:EvalRun)
  OPTIONAL MATCH (e)-[:EVALUATED_ON]->(ed:Dataset)
  RETURN collect(DISTINCT e.ref) AS evalRuns, collect(DISTINCT ed.ref) AS evalDatasets
}
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
RETURN r.ref AS release, g.ref AS gate, c.ref AS checkpoint, evalRuns, evalDatasets, datasets,
       [x IN upstream WHERE x:Checkpoint | x.ref] AS checkpoints,
       [x IN upstream WHERE x:TrainingRun | x.ref] AS runs
