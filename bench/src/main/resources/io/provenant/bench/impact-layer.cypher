// Hand-written impact, 1/2: what reaches the origin through review edges (its labels, adjudications, ...), counted
// per kind, and the datasets holding any of them.
MATCH (o:Artifact {ref: $ref})
OPTIONAL MATCH (x:Artifact)-[:UNDER_RUBRIC|UNDER_POLICY|LABELED_BY|ADJUDICATED_BY|RESOLVES|IMPLEMENTS|SUPERSEDES|TRIAGES|ESCALATES|RESOLVED_BY|CALIBRATES*1..4]->(o)
WITH o, collect(DISTINCT x) AS layer
CALL (layer) {
  UNWIND layer AS l
  RETURN collect(DISTINCT l.kind) AS kinds, count(l) AS affected
}
CALL (layer) {
  UNWIND layer AS l
  MATCH (d:Dataset)-[:HAS_MEMBER]->(l)
  RETURN collect(DISTINCT d.ref) AS datasets
}
RETURN kinds, affected, datasets
