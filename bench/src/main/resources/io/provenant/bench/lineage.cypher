// Hand-written lineage, one hop: the artifacts the frontier was made from (edges point from newer to older), with
// the edges walked. The caller (Questions.lineage) keeps the distinct set of nodes found, walks at most 10 hops and
// stops adding nodes at $maxNodes, as a developer would write a bounded breadth-first walk by hand: a single
// (a)-[*1..10]->(b) pattern enumerates paths, not nodes, and exceeds Neo4j's transaction memory at size M. Ordered by
// registration before the cut, as the API is, so both keep the same (earliest) nodes when a hop is cut: unordered, the
// cut is whatever the store returns first (300 against 340 ms at M, the walk's total).
UNWIND $frontier AS ref
MATCH (a:Artifact {ref: ref})-[r]->(b:Artifact)
RETURN a.ref AS from, type(r) AS type, b.ref AS to, b.seq AS seq
ORDER BY seq
LIMIT $limit
