// One breadth-first hop towards what the frontier was made from (edges point from newer to older), only the given
// edge types when some are given, and only what existed as of $asOf. Ordered by the reached node's registration alone,
// and without the edges' since (the page reads it for its own edges, edge-since.cypher): the walk orders ties itself
// and drops a cut hop's last run of equal sequence numbers, so the cut stays stable (at size M a two-key tie-break
// cost 90 ms of the 10-hop walk, returning since 45 ms).
// As of $asOf: the frontier existed then (the root was checked, every other node was reached over an edge that
// existed then), and an edge of any type but HAS_MEMBER is made with the registration of its from node (the projector
// writes since = the from node's registeredAt; LineageTest checks it), so only member edges need
// their since read, and not even those of a dataset sealed by $asOf (no member is added after the seal). Reading
// since on every edge, and the edge-type test on every edge when no type was asked for, made the 10-hop walk of the
// bench's M release 15% slower than the same walk by hand; this form is 1.05-1.08x.
UNWIND $frontier AS ref
MATCH (a:Artifact {ref: ref})
WITH a, size($types) = 0 AS anyType, coalesce(a.sealedAt <= $asOf, false) AS sealed
MATCH (a)-[r]->(b:Artifact)
WHERE (anyType OR type(r) IN $types) AND (sealed OR type(r) <> 'HAS_MEMBER' OR r.since <= $asOf)
RETURN a.ref AS from, type(r) AS type, b.ref AS to, b.seq AS seq
ORDER BY seq
LIMIT $limit
