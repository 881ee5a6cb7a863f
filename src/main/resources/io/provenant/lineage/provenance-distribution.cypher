// Labels in the datasets, as of $asOf, counted per rubric version and label value (aggregated in Neo4j).
UNWIND $datasets AS dataset
MATCH (:Artifact {ref: dataset})-[m:HAS_MEMBER]->(l:Artifact)
WHERE m.since <= $asOf
WITH DISTINCT l
MATCH (l)-[:UNDER_RUBRIC]->(rubric:Artifact)
OPTIONAL MATCH (rubric)-[:IMPLEMENTS]->(policy:Artifact)
RETURN rubric.ref AS rubric, rubric.seq AS rubricSeq, policy.ref AS policy, l.label AS label, count(l) AS labels
ORDER BY rubricSeq, label
