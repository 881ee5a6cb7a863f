// Training feedback (members of $datasets as of $asOf) whose item (same project, normalized prompt digest and
// response digest, as conflicts(...) defines it) has another judgment under the same rubric version and that no
// adjudication resolved by $asOf: policy
// ambiguity left in the training data. Seeks the other judgments by the item index (prompt and response digest):
// with the prompt digest alone, reused prompts made it 7.6M index rows and 9 s at 100k feedback (bench, size M).
// A dataset sealed by $asOf has no member added after it, so the members' since is read only for open datasets
// (1.7M relationship property reads, 1.2 of 5.3 s at 1M feedback; bench, size L).
// Only feedback labelled :Conflicting (Projector.FLAG_CONFLICTS: another judgment of its item under its rubric version
// has another label, at some time) is looked at: the label is in the node record, so every other member costs no
// property read and no index seek (without it, 13.1 s of the answer's ~21.5 s at 1M feedback; bench, size L).
UNWIND $datasets AS dataset
MATCH (d:Artifact {ref: dataset})
WITH dataset, coalesce(d.sealedAt <= $asOf, false) AS sealed, d
MATCH (d)-[m:HAS_MEMBER]->(l:Conflicting)
WHERE (sealed OR m.since <= $asOf) AND l:Feedback
WITH DISTINCT l
MATCH (l)-[:UNDER_RUBRIC]->(r:Artifact)
MATCH (o:Feedback {promptDigest: l.promptDigest, responseDigest: l.responseDigest})
USING INDEX o:Feedback(promptDigest, responseDigest)
WHERE o <> l AND o.project = l.project AND o.registeredAt <= $asOf
  AND o.label <> l.label AND (o)-[:UNDER_RUBRIC]->(r)
  AND NOT EXISTS { MATCH (a:Adjudication)-[:RESOLVES]->(l) WHERE a.registeredAt <= $asOf }
WITH r, l, collect(DISTINCT o.ref) AS others
ORDER BY l.seq
RETURN r.ref AS rubric, collect(l.ref) AS labels
ORDER BY rubric
