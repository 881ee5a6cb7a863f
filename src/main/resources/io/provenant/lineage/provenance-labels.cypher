// One page of labels per rubric group (keyset on the journal sequence), for all groups in one statement.
UNWIND $groups AS g
CALL (g) {
  UNWIND $datasets AS dataset
  MATCH (:Artifact {ref: dataset})-[m:HAS_MEMBER]->(l:Artifact)-[:UNDER_RUBRIC]->(:Artifact {ref: g.rubric})
  WHERE m.since <= $asOf AND l.seq > g.after
  WITH DISTINCT l
  ORDER BY l.seq
  LIMIT $limit
  RETURN collect(l.ref) AS labels, collect(l.seq) AS seqs
}
RETURN g.rubric AS rubric, labels, seqs
