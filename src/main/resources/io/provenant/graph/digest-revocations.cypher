// Graph digest: one page of :ConsentRevocation nodes in subject order (keyset on the unique, indexed subject).
// The hint keeps the index-ordered plan when there are few revocations (the planner then preferred a label
// scan plus a sort, which would not stay flat in memory at many).
MATCH (r:ConsentRevocation)
USING INDEX r:ConsentRevocation(subject)
WHERE r.subject > $after AND NOT r:Artifact
RETURN r.subject AS key, labels(r) AS labels, properties(r) AS properties
ORDER BY r.subject
LIMIT $limit
