// For each start of the downstream walk (a dataset's sample member, or a non-label artifact of the layer),
// one path from an origin to it through review edges.
UNWIND $targets AS target
CALL (target) {
  MATCH (x:Artifact {seq: target.seq}) RETURN x
  UNION
  MATCH (x:Artifact {ref: target.ref}) RETURN x
}
CALL (x) {
  MATCH p = (x)-[:UNDER_RUBRIC|UNDER_POLICY|LABELED_BY|ADJUDICATED_BY|RESOLVES|IMPLEMENTS|SUPERSEDES|ROUTED_BY|ESCALATES|RESOLVED_BY|CALIBRATES*0..4]->(o:Artifact)
  WHERE o.ref IN $origins
  RETURN [n IN reverse(nodes(p)) | n.ref] AS path
  ORDER BY length(p)
  LIMIT 1
}
RETURN target.key AS key, path
