// The checkpoint's training datasets (datasets used by every training run behind it) and the eval datasets
// to check (those read by eval runs of the checkpoint, unless $evalDatasets names others), and those of
// $evalDatasets that did not exist as of $asOf.
MATCH (c:Artifact {ref: $checkpoint})
WHERE c:Checkpoint AND c.registeredAt <= $asOf
CALL (c) {
  OPTIONAL MATCH p = (c)-[:PRODUCED_BY|STARTED_FROM|REWARD_MODEL*1..40]->(run:TrainingRun)
  WHERE all(n IN nodes(p) WHERE n.registeredAt <= $asOf)
  OPTIONAL MATCH (run)-[:USED]->(d:Dataset)
  RETURN collect(DISTINCT d.ref) AS training
}
CALL (c) {
  OPTIONAL MATCH (e:EvalRun)-[:EVALUATED]->(c)
  WHERE e.registeredAt <= $asOf
  OPTIONAL MATCH (e)-[:EVALUATED_ON]->(ed:Dataset)
  RETURN collect(DISTINCT ed.ref) AS evaluatedOn
}
CALL () {
  UNWIND coalesce($evalDatasets, []) AS wanted
  OPTIONAL MATCH (d:Artifact {ref: wanted})
  WHERE d:Dataset AND d.registeredAt <= $asOf
  RETURN collect(CASE WHEN d IS NULL THEN wanted END) AS missing
}
RETURN training, coalesce($evalDatasets, evaluatedOn) AS evalDatasets, missing
