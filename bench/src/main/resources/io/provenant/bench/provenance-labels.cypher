// Hand-written releaseProvenance, 3/9: the first $limit labels (registration order) of each rubric version.
UNWIND $rubrics AS rubric
CALL (rubric) {
  MATCH (d:Artifact)-[:HAS_MEMBER]->(l:Artifact)-[:UNDER_RUBRIC]->(:Artifact {ref: rubric})
  WHERE d.ref IN $datasets
  WITH DISTINCT l
  ORDER BY l.seq
  LIMIT $limit
  RETURN collect(l.ref) AS labels
}
RETURN rubric, labels
