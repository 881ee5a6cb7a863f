// Reviewers (labelers and adjudicators) of the labels in the datasets, per rubric version, as of $asOf:
// how many labels each gave and whether a calibration under that rubric version passed them. The calibrations
// (few) are read from their label, apart from the labels: asked per (rubric, reviewer) pair, the planner expanded
// every label of the rubric to find its calibrations (20M db hits, 2 s at 100k feedback; bench, size M).
// A dataset sealed by $asOf has no member added after it, so the members' since is read only for open datasets
// (1.7M relationship property reads, 1.2 of 5.3 s at 1M feedback; bench, size L).
UNWIND $datasets AS dataset
MATCH (d:Artifact {ref: dataset})
WITH dataset, coalesce(d.sealedAt <= $asOf, false) AS sealed, d
MATCH (d)-[m:HAS_MEMBER]->(l:Artifact)
WHERE sealed OR m.since <= $asOf
WITH DISTINCT l
MATCH (l)-[:UNDER_RUBRIC]->(rubric:Artifact), (l)-[:LABELED_BY|ADJUDICATED_BY]->(reviewer:Artifact)
WITH rubric, reviewer, count(*) AS labels
WITH collect({rubric: rubric.ref, reviewer: reviewer.ref, seq: reviewer.seq, labels: labels}) AS pairs
// Once, after the pairs are collected: an uncorrelated subquery in their rows ran once per (rubric, reviewer) row
// (580 at every bench size: 313,200 passed reviewers unwound, ~150 ms of the answer at 10k feedback).
CALL () {
  MATCH (c:Calibration)-[:UNDER_RUBRIC]->(calibrated:Artifact)
  WHERE c.registeredAt <= $asOf
  UNWIND c.passedReviewers AS passed
  RETURN collect(DISTINCT [calibrated.ref, passed]) AS passedPairs
}
UNWIND pairs AS pair
RETURN pair.rubric AS rubric, pair.reviewer AS reviewer, pair.seq AS seq, pair.labels AS labels,
       [pair.rubric, pair.reviewer] IN passedPairs AS calibrated
ORDER BY rubric, seq
