// Hand-written contamination: the checkpoint's training datasets (via its runs), the eval datasets its eval runs
// read, and per eval example whether a training label (or a label an adjudication member resolved) has its
// normalized prompt digest. Each distinct prompt is looked up once for all the examples sharing it, as the API's
// statement does (looking up per example, the former hand-written answer, took 8-14 s at L against 2 s).
MATCH (c:Artifact {ref: $checkpoint})
MATCH (c)-[:PRODUCED_BY|STARTED_FROM|REWARD_MODEL*1..40]->(run:TrainingRun)-[:USED]->(td:Dataset)
WITH c, collect(DISTINCT td) AS training
MATCH (e:EvalRun)-[:EVALUATED]->(c)
MATCH (e)-[:EVALUATED_ON]->(ed:Dataset)
WITH training, collect(DISTINCT ed) AS evals
UNWIND evals AS ed
MATCH (ed)-[:HAS_MEMBER]->(x:Feedback)
WITH training, x.promptDigest AS digest, collect({ed: ed, x: x}) AS examples
CALL (digest, training) {
  OPTIONAL MATCH (t:Feedback {promptDigest: digest})
  WHERE EXISTS { MATCH (t)<-[:RESOLVES*0..1]-()<-[:HAS_MEMBER]-(td) WHERE td IN training }
  RETURN collect(t) AS reaching
}
UNWIND examples AS ex
WITH ex.ed AS ed, ex.x AS x, [t IN reaching WHERE t <> ex.x | t.ref] AS labels
RETURN ed.ref AS dataset, count(x) AS examples, sum(CASE WHEN size(labels) > 0 THEN 1 ELSE 0 END) AS leaked,
       collect(CASE WHEN size(labels) > 0 THEN {example: x.ref, labels: labels} END)[..100] AS leaks
