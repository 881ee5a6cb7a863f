// One breadth-first hop towards what the frontier was made from (edges point from newer to older).
// Only what existed as of $asOf (an edge's since is at or after the registration of both its ends, so the
// node's own registeredAt need not be read); only the given edge types, when some are given. Ordered by the reached
// node's registration alone, and without the edges' since (the page reads it for its own edges, edge-since.cypher):
// the walk orders ties itself and drops a cut hop's last run of equal sequence numbers, so the cut stays stable
// (at size M a two-key tie-break cost 90 ms of the 10-hop walk, returning since 45 ms).
UNWIND $frontier AS ref
MATCH (a:Artifact {ref: ref})-[r]->(b:Artifact)
WHERE (size($types) = 0 OR type(r) IN $types) AND r.since <= $asOf
RETURN a.ref AS from, type(r) AS type, b.ref AS to, b.seq AS seq
ORDER BY seq
LIMIT $limit
