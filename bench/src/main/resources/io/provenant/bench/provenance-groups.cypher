// Hand-written releaseProvenance, 2/6: labels of the datasets per rubric version (with its policy) and label value.
MATCH (d:Artifact)-[:HAS_MEMBER]->(l:Artifact)
WHERE d.ref IN $datasets
WITH DISTINCT l
MATCH (l)-[:UNDER_RUBRIC]->(rubric:Artifact)
OPTIONAL MATCH (rubric)-[:IMPLEMENTS]->(policy:Artifact)
RETURN rubric.ref AS rubric, policy.ref AS policy, l.label AS label, count(*) AS labels
ORDER BY rubric, label
