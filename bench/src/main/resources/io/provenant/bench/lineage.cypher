// Hand-written lineage: everything upstream of $ref within $depth hops (distinct nodes, at most $maxNodes), the
// first $first of them by registration, and the edges among those.
MATCH (a:Artifact {ref: $ref})
OPTIONAL MATCH (a)-[*1..10]->(b:Artifact)
WITH a, collect(DISTINCT b) AS reached
WITH [a] + reached[..$maxNodes] AS nodes, size(reached) + 1 AS total
WITH total, nodes
UNWIND nodes AS n
WITH total, n ORDER BY n.seq LIMIT $first
WITH total, collect(n) AS page
UNWIND page AS n
OPTIONAL MATCH (n)-[r]->(m:Artifact) WHERE m IN page
RETURN total, [p IN page | p.ref] AS refs, collect(type(r)) AS edges
