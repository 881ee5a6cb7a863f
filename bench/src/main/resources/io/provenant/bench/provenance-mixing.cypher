// Hand-written releaseProvenance, 7/9: the rubric versions of each dataset's labels (the "dataset mixes rubric
// versions" warning), from the sealed dataset's own list (memberRubrics, the graph's record of it, as anyone writing
// Cypher against this graph would use), else from its members.
UNWIND $datasets AS dataset
MATCH (d:Artifact {ref: dataset})
CALL (d) {
  WITH d
  WHERE d.memberRubrics IS NOT NULL
  RETURN d.memberRubrics AS rubrics
  UNION
  WITH d
  WHERE d.memberRubrics IS NULL
  OPTIONAL MATCH (d)-[:HAS_MEMBER]->(:Artifact)-[:UNDER_RUBRIC]->(r:Artifact)
  RETURN collect(DISTINCT r.ref) AS rubrics
}
RETURN dataset, rubrics
