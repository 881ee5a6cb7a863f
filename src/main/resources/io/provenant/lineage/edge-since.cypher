// When each of the page's edges was registered (the hops do not read it back: hop-upstream.cypher).
UNWIND $edges AS edge
MATCH (:Artifact {ref: edge.from})-[r]->(:Artifact {ref: edge.to})
WHERE type(r) = edge.type
RETURN edge.from AS from, edge.type AS type, edge.to AS to, r.since AS since
