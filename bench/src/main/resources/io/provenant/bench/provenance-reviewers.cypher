// Hand-written releaseProvenance, 4/4: reviewers per rubric version, their label counts, calibrated or not.
MATCH (d:Artifact)-[:HAS_MEMBER]->(l:Artifact)
WHERE d.ref IN $datasets
WITH DISTINCT l
MATCH (l)-[:UNDER_RUBRIC]->(rubric:Artifact), (l)-[:LABELED_BY|ADJUDICATED_BY]->(reviewer:Artifact)
WITH rubric, reviewer, count(*) AS labels
RETURN rubric.ref AS rubric, reviewer.ref AS reviewer, labels,
       EXISTS { MATCH (c:Calibration)-[:UNDER_RUBRIC]->(rubric) WHERE reviewer.ref IN c.passedReviewers } AS calibrated
