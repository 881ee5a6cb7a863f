// Hand-written releaseProvenance, 1/9: the release, its gate's eval runs, the chain of runs and checkpoints behind
// the released checkpoint, the datasets those runs used and the eval runs' datasets.
MATCH (r:Artifact {ref: $release})-[:RELEASES]->(c:Artifact)
OPTIONAL MATCH (r)-[:DECIDED_BY]->(g:Artifact)
OPTIONAL MATCH (g)-[:READ]->(e:EvalRun)
OPTIONAL MATCH (e)-[:EVALUATED_ON]->(ed:Dataset)
WITH r, c, g, collect(DISTINCT e.ref) AS evalRuns, collect(DISTINCT ed.ref) AS evalDatasets
OPTIONAL MATCH (c)-[:PRODUCED_BY|STARTED_FROM|REWARD_MODEL*1..40]->(x:Artifact)
WITH r, c, g, evalRuns, evalDatasets, collect(DISTINCT x) AS upstream
UNWIND upstream AS run
OPTIONAL MATCH (run:TrainingRun)-[:USED]->(d:Dataset)
RETURN c.ref AS checkpoint, g.ref AS gate, evalRuns, evalDatasets, collect(DISTINCT d.ref) AS datasets,
       [x IN upstream WHERE x:Checkpoint | x.ref] AS checkpoints, [x IN upstream WHERE x:TrainingRun | x.ref] AS runs
