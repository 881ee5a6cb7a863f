// Eval examples whose prompt (by digest) also reaches the training datasets: as a member, or through an
// adjudication member that resolved it. As of $asOf.
UNWIND $evalDatasets AS evalDataset
MATCH (:Artifact {ref: evalDataset})-[em:HAS_MEMBER]->(e:Feedback)
WHERE em.since <= $asOf
MATCH (t:Feedback {promptDigest: e.promptDigest})
WHERE t.ref <> e.ref AND t.registeredAt <= $asOf
  AND EXISTS { MATCH (td:Artifact)-[tm:HAS_MEMBER]->()-[:RESOLVES*0..1]->(t) WHERE td.ref IN $datasets AND tm.since <= $asOf }
RETURN evalDataset, e.ref AS example, collect(DISTINCT t.ref) AS trainingLabels
ORDER BY evalDataset, example
