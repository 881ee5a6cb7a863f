// One breadth-first hop towards what was made from the frontier (edges point from newer to older).
// Only what existed as of $asOf; only the given edge types, when some are given. Ordered so a cut is stable.
UNWIND $frontier AS ref
MATCH (a:Artifact {ref: ref})<-[r]-(b:Artifact)
WHERE (size($types) = 0 OR type(r) IN $types) AND r.since <= $asOf AND b.registeredAt <= $asOf
RETURN b.ref AS from, type(r) AS type, a.ref AS to, r.since AS since, b.seq AS seq, b.kind AS kind
ORDER BY b.seq, a.seq, type
LIMIT $limit
