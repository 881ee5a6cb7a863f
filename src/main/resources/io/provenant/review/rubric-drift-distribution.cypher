// Labels in the datasets (members as of $asOf), counted in one pass per rubric version, label value and the set of
// datasets holding them, with the rubric's policy and key. A label is stale when it was made (a feedback event's
// occurredAt, else its registration) after a newer rubric version superseding its rubric was registered; stale
// labels are counted (with up to 10 refs) and the superseding versions named.
UNWIND $datasets AS dataset
MATCH (:Artifact {ref: dataset})-[m:HAS_MEMBER]->(l:Artifact)
WHERE m.since <= $asOf
WITH l, collect(dataset) AS inDatasets
MATCH (l)-[:UNDER_RUBRIC]->(rubric:Artifact)
OPTIONAL MATCH (rubric)-[:IMPLEMENTS]->(policy:Artifact)
CALL (rubric) {
  OPTIONAL MATCH (newer:Artifact)-[:SUPERSEDES]->(rubric)
  WHERE newer.registeredAt <= $asOf
  WITH newer ORDER BY newer.registeredAt
  RETURN collect(newer.ref) AS supersededBy, min(newer.registeredAt) AS supersededAt
}
WITH rubric, policy, supersededBy, l, inDatasets,
     supersededAt IS NOT NULL AND coalesce(datetime(l.occurredAt), l.registeredAt) > supersededAt AS stale
RETURN rubric.ref AS rubric, rubric.key AS rubricKey, rubric.seq AS rubricSeq, policy.ref AS policy,
       policy.key AS policyKey, supersededBy, l.label AS label, inDatasets, count(l) AS labels,
       count(CASE WHEN stale THEN 1 END) AS stale, collect(CASE WHEN stale THEN l.ref END)[..10] AS staleSample
ORDER BY rubricSeq, label
