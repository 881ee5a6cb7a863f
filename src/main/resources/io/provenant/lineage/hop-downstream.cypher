// One breadth-first hop towards what was made from the frontier (edges point from newer to older).
// Only what existed as of $asOf (an edge's since is at or after the registration of both its ends, so the
// node's own registeredAt need not be read); only the given edge types, when some are given. Ordered as
// hop-upstream.cypher, by the reached node's registration alone and without the edges' since.
UNWIND $frontier AS ref
MATCH (a:Artifact {ref: ref})<-[r]-(b:Artifact)
WHERE (size($types) = 0 OR type(r) IN $types) AND r.since <= $asOf
RETURN b.ref AS from, type(r) AS type, a.ref AS to, b.seq AS seq
ORDER BY seq
LIMIT $limit
