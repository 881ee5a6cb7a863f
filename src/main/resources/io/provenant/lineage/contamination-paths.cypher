// How each leak of a page leaked: checkpoint … training run → dataset → member (→ the label it resolved), for the
// leak's first training label. One shortest path per leak.
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
MATCH p = shortestPath((c)-[:PRODUCED_BY|STARTED_FROM|REWARD_MODEL|USED*..41]->(td))
RETURN leak.evalDataset AS evalDataset, leak.example AS example,
       [n IN nodes(p) | n.ref] + CASE WHEN m.ref = leak.label THEN [leak.label] ELSE [m.ref, leak.label] END AS path
