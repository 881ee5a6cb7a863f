// Graph digest: one page of the relationships leaving :Artifact nodes, ordered by (source ref, type, target key)
// and, for parallel edges of one type (never projected), by element id. Keyset on that tuple: the sources are
// read from the ref index in order, so the sort only ever orders the edges of one source node at a time.
MATCH (a:Artifact)
USING INDEX a:Artifact(ref)
WHERE a.ref >= $source
MATCH (a)-[r]->(b)
WITH a.ref AS source, type(r) AS relType,
     CASE WHEN b:Artifact THEN coalesce(b.ref, '')
          WHEN b:ConsentRevocation THEN 'consent-subject:' + coalesce(b.subject, '')
          ELSE '' END AS target,
     elementId(r) AS rid, properties(r) AS properties
WHERE source > $source
   OR relType > $relType
   OR (relType = $relType AND (target > $target OR (target = $target AND rid > $rid)))
RETURN source, relType, target, rid, properties
ORDER BY source, relType, target, rid
LIMIT $limit
