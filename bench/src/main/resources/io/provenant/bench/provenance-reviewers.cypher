// Hand-written releaseProvenance, 4/6: reviewers per rubric version, their label counts, calibrated or not (the few
// calibrations read once, from their label, not per reviewer through the rubric's many labels).
MATCH (d:Artifact)-[:HAS_MEMBER]->(l:Artifact)
WHERE d.ref IN $datasets
WITH DISTINCT l
MATCH (l)-[:UNDER_RUBRIC]->(rubric:Artifact), (l)-[:LABELED_BY|ADJUDICATED_BY]->(reviewer:Artifact)
WITH rubric, reviewer, count(*) AS labels
CALL () {
  MATCH (c:Calibration)-[:UNDER_RUBRIC]->(r:Artifact)
  UNWIND c.passedReviewers AS passed
  RETURN collect(DISTINCT [r.ref, passed]) AS passedPairs
}
RETURN rubric.ref AS rubric, reviewer.ref AS reviewer, labels, [rubric.ref, reviewer.ref] IN passedPairs AS calibrated
