// Per eval dataset: its examples (members as of $asOf), how many leaked (their normalized prompt digest reaches
// the training datasets, as a member or through an adjudication member that resolved it), and its first $limit
// leaked examples after $after (keyset on the example's journal sequence), each with the training labels sharing
// its prompt. One pass over the examples for the counts and the page (a separate count statement doubled the cost),
// and per label sharing a prompt only whether it reaches training data (EXISTS), not every way it does.
// Each distinct prompt is looked up once, then its examples share the answer: eval prompts repeat, and looking up
// per example visited k² labels for a prompt k examples share (1.45M labels for 59k examples at 1M feedback, 12.5 s;
// once per prompt, 74k labels, 2.0 s; bench, size L). Only the leaked examples are sorted for the page.
// The index hint keeps the plan starting from the eval examples: left alone, the planner started from the training
// dataset and expanded all of its members (700 ms against 20 ms at 100k members). A label's registeredAt is not
// read: it is implied by the membership's since (a member, or the label an adjudication member resolves, existed
// when the membership was recorded), and reading it for the labels sharing the eval prompts cost 3.4 of 7 s at L.
MATCH (td:Artifact)
WHERE td.ref IN $training
WITH collect(td) AS trainingSets
UNWIND $evalDatasets AS evalDataset
MATCH (:Artifact {ref: evalDataset})-[em:HAS_MEMBER]->(e:Feedback)
WHERE em.since <= $asOf
WITH trainingSets, e.promptDigest AS digest, collect({evalDataset: evalDataset, example: e}) AS examples
CALL (digest, trainingSets) {
  OPTIONAL MATCH (t:Feedback {promptDigest: digest})
  USING INDEX t:Feedback(promptDigest)
  WHERE EXISTS { MATCH (t)<-[:RESOLVES*0..1]-()<-[tm:HAS_MEMBER]-(td) WHERE tm.since <= $asOf AND td IN trainingSets }
  RETURN collect(t) AS reaching
}
UNWIND examples AS x
WITH x.evalDataset AS evalDataset, x.example AS e, [t IN reaching WHERE t <> x.example | t.ref] AS labels
WITH evalDataset, count(e) AS examples, count(CASE WHEN size(labels) > 0 THEN 1 END) AS leaked,
     collect(CASE WHEN size(labels) > 0 THEN {example: e, labels: labels} END) AS leakedExamples
CALL (leakedExamples) {
  UNWIND leakedExamples AS leak
  WITH leak.example AS e, leak.labels AS labels
  WHERE e.seq > $after
  ORDER BY e.seq
  LIMIT $limit
  RETURN collect({example: e.ref, seq: e.seq, labels: labels}) AS leaks
}
RETURN evalDataset, examples, leaked, leaks
ORDER BY evalDataset
