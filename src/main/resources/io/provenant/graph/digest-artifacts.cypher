// Graph digest: one page of :Artifact nodes in ref order (keyset on the unique, indexed ref).
MATCH (a:Artifact)
USING INDEX a:Artifact(ref)
WHERE a.ref > $after
RETURN a.ref AS key, labels(a) AS labels, properties(a) AS properties
ORDER BY a.ref
LIMIT $limit
