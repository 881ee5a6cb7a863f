// Labels in the datasets, as of $asOf, counted per rubric version and label value (aggregated in Neo4j),
// with how many of them are feedback recorded without consent/provenance (and up to 10 of those refs).
UNWIND $datasets AS dataset
MATCH (:Artifact {ref: dataset})-[m:HAS_MEMBER]->(l:Artifact)
WHERE m.since <= $asOf
WITH DISTINCT l
MATCH (l)-[:UNDER_RUBRIC]->(rubric:Artifact)
OPTIONAL MATCH (rubric)-[:IMPLEMENTS]->(policy:Artifact)
WITH rubric, policy, l, l:Feedback AND l.consentBasis IS NULL AS noConsent
RETURN rubric.ref AS rubric, rubric.seq AS rubricSeq, policy.ref AS policy, l.label AS label, count(l) AS labels,
       count(CASE WHEN noConsent THEN 1 END) AS withoutConsent,
       collect(CASE WHEN noConsent THEN l.ref END)[..10] AS withoutConsentSample
ORDER BY rubricSeq, label
