// Hand-written impact, 2/2: everything downstream of those datasets (derived datasets, runs, checkpoints, eval
// runs, gates, releases), and one shortest path from each affected release to the origin.
MATCH (d:Artifact) WHERE d.ref IN $datasets
MATCH (y:Artifact)-[:DERIVED_FROM|USED|PRODUCED_BY|STARTED_FROM|REWARD_MODEL|EVALUATED|REFERENCE|EVALUATED_ON|GATES|READ|RELEASES|DECIDED_BY|SUPERSEDES*1..16]->(d)
WITH collect(DISTINCT y) AS downstream
MATCH (o:Artifact {ref: $ref})
UNWIND [y IN downstream WHERE y:Release] AS release
MATCH p = shortestPath((release)-[*..20]->(o))
RETURN [y IN downstream WHERE y:Checkpoint | y.ref] AS checkpoints, release.ref AS release, [n IN nodes(p) | n.ref] AS path
