// Per eval dataset: its examples (members as of $asOf), how many leaked (their normalized prompt digest reaches
// the training datasets, as a member or through an adjudication member that resolved it), and its first $limit
// leaked examples after $after (keyset on the example's journal sequence), each with the training labels sharing
// its prompt. One pass over the examples for the counts and the page (a separate count statement doubled the cost),
// and per label sharing a prompt only whether it reaches training data (EXISTS), not every way it does: popular
// prompts are shared by thousands of labels (18 s against 4 s by hand at 1M feedback; bench, size L). The index
// hint keeps the plan starting from the eval examples: left alone, the planner started from the training dataset
// and expanded all of its members (700 ms against 20 ms at 100k members). A label's registeredAt is not read: it
// is implied by the membership's since (a member, or the label an adjudication member resolves, existed when the
// membership was recorded), and reading it for the 1.4M labels sharing the eval prompts cost 3.4 of 7 s at L.
MATCH (td:Artifact)
WHERE td.ref IN $training
WITH collect(td) AS trainingSets
UNWIND $evalDatasets AS evalDataset
MATCH (:Artifact {ref: evalDataset})-[em:HAS_MEMBER]->(e:Feedback)
WHERE em.since <= $asOf
CALL (e, trainingSets) {
  OPTIONAL MATCH (t:Feedback {promptDigest: e.promptDigest})
  USING INDEX t:Feedback(promptDigest)
  WHERE t <> e
    AND EXISTS { MATCH (t)<-[:RESOLVES*0..1]-()<-[tm:HAS_MEMBER]-(td) WHERE tm.since <= $asOf AND td IN trainingSets }
  RETURN collect(t.ref) AS labels
}
WITH evalDataset, e, labels
ORDER BY e.seq
WITH evalDataset, count(e) AS examples, count(CASE WHEN size(labels) > 0 THEN 1 END) AS leaked,
     collect(CASE WHEN size(labels) > 0 AND e.seq > $after THEN {example: e.ref, seq: e.seq, labels: labels} END)[..$limit] AS leaks
RETURN evalDataset, examples, leaked, leaks
ORDER BY evalDataset
