// Hand-written releaseProvenance, 4/9: reviewers per rubric version, their label counts, calibrated or not (the few
// calibrations read once, from their label, not per reviewer through the rubric's many labels, and once for all the
// pairs: in the pairs' rows, the subquery ran once per row, ~150 ms at every size, as it did in the API's statement).
MATCH (d:Artifact)-[:HAS_MEMBER]->(l:Artifact)
WHERE d.ref IN $datasets
WITH DISTINCT l
MATCH (l)-[:UNDER_RUBRIC]->(rubric:Artifact), (l)-[:LABELED_BY|ADJUDICATED_BY]->(reviewer:Artifact)
WITH rubric, reviewer, count(*) AS labels
WITH collect({rubric: rubric.ref, reviewer: reviewer.ref, labels: labels}) AS pairs
CALL () {
  MATCH (c:Calibration)-[:UNDER_RUBRIC]->(r:Artifact)
  UNWIND c.passedReviewers AS passed
  RETURN collect(DISTINCT [r.ref, passed]) AS passedPairs
}
UNWIND pairs AS pair
RETURN pair.rubric AS rubric, pair.reviewer AS reviewer, pair.labels AS labels,
       [pair.rubric, pair.reviewer] IN passedPairs AS calibrated
