// One breadth-first hop towards what the frontier was made from (edges point from newer to older), only the given
// edge types when some are given, and only what existed as of $asOf: the first $limit edges by the registration of the
// node they reach (a bounded sort, whatever the frontier's degree), as one row per node reached with the frontier nodes
// it was reached from and over which type ([near ref, type] pairs; one row per edge, a hop of the bench's M release
// from 9,987 labels to 193 nodes came back as 29,972 rows, 210 against 110 ms). With $within, only edges to those
// nodes (the page's edges from nodes the walk left unexpanded, Lineage.page). Cut by node instead (LIMIT after
// aggregating every edge), the M hop from 5 datasets took 430-530 against 370-440 ms, holding every member edge in
// memory, which datasets of millions would not fit. The edges' since is not read (the page reads it for its own
// edges, edge-since.cypher).
// As of $asOf: the frontier existed then (the root was checked, every other node was reached over an edge that
// existed then), and an edge of any type but HAS_MEMBER is made with the registration of its from node (the projector
// writes since = the from node's registeredAt; LineageTest checks it), so only member edges need
// their since read, and not even those of a dataset sealed by $asOf (no member is added after the seal). Reading
// since on every edge, and the edge-type test on every edge when no type was asked for, made the 10-hop walk of the
// bench's M release 15% slower than the same walk by hand.
// The edge types asked for and $within are clauses Lineage.hop fills only when the question has them (slots types and
// within, GraphReader.Statement): tested per row against parameters (size($types) = 0 OR type(r) IN $types, $within
// IS NULL OR ...), they were two thirds of what the hop from the 5 sealed datasets of the bench's L release (1.8M
// member edges, cut at the first 40,000) took more than the same hop by hand: 4.48 against 3.78 s, 4.02 without them.
// Left of the gap is the sealed test (a later L, 12 interleaved rounds: 2.99 s, 2.75 without it, 2.68 by hand);
// splitting the frontier into sealed and unsealed nodes (CALL { ... UNION ALL ... }) to test nothing on sealed
// members was slower (3.25 s).
UNWIND $frontier AS ref
MATCH (a:Artifact {ref: ref})
WITH a, coalesce(a.sealedAt <= $asOf, false) AS sealed
MATCH (a)-[r/*types*/]->(b:Artifact)
WHERE (sealed OR type(r) <> 'HAS_MEMBER' OR r.since <= $asOf)/*within*/
WITH a, r, b
ORDER BY b.seq
LIMIT $limit
WITH b, collect([a.ref, type(r)]) AS near
RETURN b.ref AS ref, b.seq AS seq, near
ORDER BY seq
