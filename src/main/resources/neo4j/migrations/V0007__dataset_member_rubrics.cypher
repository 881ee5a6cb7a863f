// A sealed dataset carries memberRubrics, the sorted refs of the rubric versions its members are labelled under, once
// every member it counts is in the graph; the projector sets it with the seal (Projector.SEAL), this sets it once on
// datasets sealed before it did. The rubric-mixing warning reads the members of a dataset without it.
MATCH (d:Dataset)
WHERE d.sealedAt IS NOT NULL AND d.memberRubrics IS NULL
CALL (d) { MATCH (d)-[:HAS_MEMBER]->(l:Artifact) WHERE l.registeredAt IS NOT NULL RETURN count(l) AS registered }
CALL (d) {
  MATCH (d)-[:HAS_MEMBER]->(:Artifact)-[:UNDER_RUBRIC]->(r:Artifact)
  WITH DISTINCT r.ref AS rubric ORDER BY rubric
  RETURN collect(rubric) AS rubrics
}
SET d.memberRubrics = CASE WHEN registered = d.memberCount THEN rubrics END;
