// Per eval dataset: its examples, and how many have a prompt (normalized digest) that reaches the training
// datasets, as a member or through an adjudication member that resolved it. As of $asOf.
UNWIND $evalDatasets AS evalDataset
MATCH (:Artifact {ref: evalDataset})-[em:HAS_MEMBER]->(e:Feedback)
WHERE em.since <= $asOf
WITH evalDataset, e, EXISTS {
  MATCH (t:Feedback {promptDigest: e.promptDigest})<-[:RESOLVES*0..1]-()<-[tm:HAS_MEMBER]-(td:Artifact)
  WHERE t.ref <> e.ref AND t.registeredAt <= $asOf AND tm.since <= $asOf AND td.ref IN $training
} AS leaked
RETURN evalDataset, count(e) AS examples, sum(CASE WHEN leaked THEN 1 ELSE 0 END) AS leaked
ORDER BY evalDataset
