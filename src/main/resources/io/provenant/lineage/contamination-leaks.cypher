// A page of leaked eval examples (keyset on the example's journal sequence), each with the training labels
// sharing its prompt and one path from the checkpoint to a training label: checkpoint … run → dataset →
// member (→ resolved label, when the member is an adjudication). As of $asOf. The index hint keeps the plan
// starting from the eval examples: left alone, the planner started from the training dataset and expanded all
// of its members (700 ms against 20 ms at 100k members).
UNWIND $evalDatasets AS evalDataset
MATCH (:Artifact {ref: evalDataset})-[em:HAS_MEMBER]->(e:Feedback)
WHERE em.since <= $asOf AND e.seq > $after
MATCH (t:Feedback {promptDigest: e.promptDigest})<-[:RESOLVES*0..1]-(m)<-[tm:HAS_MEMBER]-(td:Artifact)
USING INDEX t:Feedback(promptDigest)
WHERE t.ref <> e.ref AND t.registeredAt <= $asOf AND tm.since <= $asOf AND td.ref IN $training
WITH evalDataset, e, collect(DISTINCT t.ref) AS labels, collect({label: t.ref, member: m.ref, dataset: td.ref})[0] AS hit
ORDER BY e.seq
LIMIT $limit
MATCH (c:Artifact {ref: $checkpoint}), (target:Artifact {ref: hit.dataset})
MATCH p = shortestPath((c)-[:PRODUCED_BY|STARTED_FROM|REWARD_MODEL|USED*..41]->(target))
RETURN evalDataset, e.ref AS example, e.seq AS seq, labels,
       [n IN nodes(p) | n.ref] + CASE WHEN hit.member = hit.label THEN [hit.label] ELSE [hit.member, hit.label] END AS path
ORDER BY seq
