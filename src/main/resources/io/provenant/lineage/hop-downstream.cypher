// One breadth-first hop towards what was made from the frontier (edges point from newer to older).
// Only what existed as of $asOf (an edge's since is at or after the registration of both its ends, so the
// node's own registeredAt need not be read); only the given edge types, when some are given; with $within, only
// edges from those nodes (both clauses filled by Lineage.hop when asked for, as in hop-upstream.cypher). The first
// $limit edges by the registration of the node they reach, one row per node reached with the frontier nodes it was
// made from ([near ref, type] pairs), as hop-upstream.cypher.
UNWIND $frontier AS ref
MATCH (a:Artifact {ref: ref})<-[r/*types*/]-(b:Artifact)
WHERE r.since <= $asOf/*within*/
WITH a, r, b
ORDER BY b.seq
LIMIT $limit
WITH b, collect([a.ref, type(r)]) AS near
RETURN b.ref AS ref, b.seq AS seq, near
ORDER BY seq
