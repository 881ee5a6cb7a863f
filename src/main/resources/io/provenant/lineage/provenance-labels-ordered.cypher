// One page of labels per rubric group (keyset on the journal sequence), for all groups in one statement, found by
// walking the artifacts in journal order (the seq index) from the page's start, within the group's first and last
// label (from the answer's distribution statement), and keeping the group's labels in the datasets; at most $budget
// artifacts per group. A page of a label-dense group costs about as many artifacts as it has labels: reading every
// label of each rubric version instead (provenance-labels.cypher) took 334-384 against 15-18 ms for the first 50 of
// 3 groups of 23,000-38,000 labels at 100k feedback (bench, size M), 3,545 against 21 ms at 1M (size L), and as much
// again for every later page. The caller reads a group whole with provenance-labels.cypher when its page is neither
// full nor reached the group's last label (its labels are sparse among other artifacts).
UNWIND $groups AS g
CALL (g) {
  MATCH (rubric:Artifact {ref: g.rubric})
  CALL (g) {
    MATCH (l:Artifact)
    WHERE l.seq > g.after AND l.seq >= g.first AND l.seq <= g.last
    RETURN l
    ORDER BY l.seq
    LIMIT $budget
  }
  WITH rubric, l
  WHERE (l)-[:UNDER_RUBRIC]->(rubric)
    AND EXISTS { MATCH (d:Artifact)-[m:HAS_MEMBER]->(l) WHERE d.ref IN $datasets AND m.since <= $asOf }
  WITH l
  ORDER BY l.seq
  LIMIT $limit
  RETURN collect(l.ref) AS labels, collect(l.seq) AS seqs
}
RETURN g.rubric AS rubric, labels, seqs
