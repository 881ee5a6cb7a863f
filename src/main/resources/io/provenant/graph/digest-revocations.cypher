// Graph digest: one page of :ConsentRevocation nodes in subject order (keyset on the unique, indexed subject).
MATCH (r:ConsentRevocation)
WHERE r.subject > $after AND NOT r:Artifact
RETURN r.subject AS key, labels(r) AS labels, properties(r) AS properties
ORDER BY r.subject
LIMIT $limit
