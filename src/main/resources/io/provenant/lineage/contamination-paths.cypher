// How each leak of a page leaked: checkpoint … training run → dataset → member (→ the label it resolved), for the
// leak's first training label. One shortest path per training dataset, shared by the page's leaks through it (one
// per leak walked the same few routes again: 100 walks for the 100 leaks of L's page, 26–96 ms).
MATCH (td:Artifact)
WHERE td.ref IN $training
WITH collect(td) AS trainingSets
MATCH (c:Artifact {ref: $checkpoint})
UNWIND $leaks AS leak
CALL (leak, trainingSets) {
  MATCH (:Artifact {ref: leak.label})<-[:RESOLVES*0..1]-(m)<-[tm:HAS_MEMBER]-(td)
  WHERE tm.since <= $asOf AND td IN trainingSets
  RETURN m, td
  LIMIT 1
}
WITH c, td, collect({leak: leak, member: m.ref}) AS leaks
MATCH p = shortestPath((c)-[:PRODUCED_BY|STARTED_FROM|REWARD_MODEL|USED*..41]->(td))
WITH [n IN nodes(p) | n.ref] AS route, leaks
UNWIND leaks AS l
RETURN l.leak.evalDataset AS evalDataset, l.leak.example AS example,
       route + CASE WHEN l.member = l.leak.label THEN [l.leak.label] ELSE [l.member, l.leak.label] END AS path
