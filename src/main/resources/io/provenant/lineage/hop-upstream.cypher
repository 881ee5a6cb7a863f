// One breadth-first hop towards what the frontier was made from (edges point from newer to older).
// Only what existed as of $asOf (an edge's since is at or after the registration of both its ends, so the
// node's own registeredAt need not be read); only the given edge types, when some are given. Ordered so a cut is stable
// (by refs, already read, not by another property: at 1M feedback every property read per row shows).
UNWIND $frontier AS ref
MATCH (a:Artifact {ref: ref})-[r]->(b:Artifact)
WHERE (size($types) = 0 OR type(r) IN $types) AND r.since <= $asOf
RETURN a.ref AS from, type(r) AS type, b.ref AS to, r.since AS since, b.seq AS seq
ORDER BY seq, from, type
LIMIT $limit
