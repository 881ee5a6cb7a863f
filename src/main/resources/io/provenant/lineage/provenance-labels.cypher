// One page of labels per rubric group (keyset on the journal sequence), for all groups in one statement. The
// datasets are matched as a list, not unwound: unwound, the planner walked each rubric's labels back to every
// dataset once per dataset (3× the expansions, 555 against 214 ms at 100k feedback; bench, size M).
UNWIND $groups AS g
CALL (g) {
  MATCH (d:Artifact)-[m:HAS_MEMBER]->(l:Artifact)-[:UNDER_RUBRIC]->(:Artifact {ref: g.rubric})
  WHERE d.ref IN $datasets AND m.since <= $asOf AND l.seq > g.after
  WITH DISTINCT l
  ORDER BY l.seq
  LIMIT $limit
  RETURN collect(l.ref) AS labels, collect(l.seq) AS seqs
}
RETURN g.rubric AS rubric, labels, seqs
