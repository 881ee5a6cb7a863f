// Hand-written releaseProvenance, 2/9: labels of the datasets per rubric version (with its policy) and label value,
// and how many of them were recorded without consent (the API's CONSENT_MISSING warning).
MATCH (d:Artifact)-[:HAS_MEMBER]->(l:Artifact)
WHERE d.ref IN $datasets
WITH DISTINCT l
MATCH (l)-[:UNDER_RUBRIC]->(rubric:Artifact)
WITH rubric, l.label AS label, count(*) AS labels, count(CASE WHEN l:Feedback AND l.consentBasis IS NULL THEN 1 END) AS withoutConsent
OPTIONAL MATCH (rubric)-[:IMPLEMENTS]->(policy:Artifact)
RETURN rubric.ref AS rubric, policy.ref AS policy, label, labels, withoutConsent
ORDER BY rubric, label
