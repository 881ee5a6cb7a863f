// Reviewers (labelers and adjudicators) of the labels in the datasets, per rubric version, as of $asOf:
// how many labels each gave and whether a calibration under that rubric version passed them.
UNWIND $datasets AS dataset
MATCH (:Artifact {ref: dataset})-[m:HAS_MEMBER]->(l:Artifact)
WHERE m.since <= $asOf
WITH DISTINCT l
MATCH (l)-[:UNDER_RUBRIC]->(rubric:Artifact), (l)-[:LABELED_BY|ADJUDICATED_BY]->(reviewer:Artifact)
WITH rubric, reviewer, count(DISTINCT l) AS labels
RETURN rubric.ref AS rubric, reviewer.ref AS reviewer, reviewer.seq AS seq, labels,
       EXISTS { MATCH (c:Calibration)-[:UNDER_RUBRIC]->(rubric)
                WHERE c.registeredAt <= $asOf AND reviewer.ref IN c.passedReviewers } AS calibrated
ORDER BY rubric, seq
