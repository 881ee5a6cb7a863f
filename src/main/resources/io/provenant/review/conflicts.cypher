// Conflicting labels, one page. An item is (project, rubric version, normalized prompt digest, response digest);
// it conflicts when at least two of its feedback labels have different label values. As of $asOf. Keyset on
// the journal sequence of the item's first label ($after): the scan walks feedback in seq order and keeps the
// label that opens an item, so a page stops after $limit items. Each item comes with its labels (in seq order,
// with reviewer) and the adjudications resolving any of them; ADJUDICATED when every label is resolved (a label
// that arrives after the adjudication reopens the item), else UNRESOLVED. $status: UNRESOLVED, ADJUDICATED or ALL.
// Every label of an item with two label values is labelled :Conflicting (Projector.FLAG_CONFLICTS), so the scan
// opens items only at those.
MATCH (f:Artifact)
USING INDEX f:Artifact(seq)
WHERE f.seq > $after AND f:Conflicting AND f:Feedback AND f.registeredAt <= $asOf AND ($project IS NULL OR f.project = $project)
MATCH (f)-[:UNDER_RUBRIC]->(r:Rubric)
WHERE $rubric IS NULL OR r.ref = $rubric
WITH f, r
WHERE NOT EXISTS {
  MATCH (e:Feedback {promptDigest: f.promptDigest})-[:UNDER_RUBRIC]->(r)
  WHERE e.responseDigest = f.responseDigest AND e.project = f.project AND e.seq < f.seq AND e.registeredAt <= $asOf
}
CALL (f, r) {
  MATCH (l:Feedback {promptDigest: f.promptDigest})-[:UNDER_RUBRIC]->(r)
  WHERE l.responseDigest = f.responseDigest AND l.project = f.project AND l.registeredAt <= $asOf
  OPTIONAL MATCH (l)-[:LABELED_BY]->(reviewer:Reviewer)
  WITH l, reviewer
  ORDER BY l.seq
  RETURN collect({ref: l.ref, label: l.label, reviewer: reviewer.ref}) AS labels, collect(l) AS nodes,
         count(DISTINCT l.label) AS values
}
WITH f, r, labels, nodes
WHERE values >= 2
CALL (nodes) {
  UNWIND nodes AS l
  RETURN count(CASE WHEN EXISTS {
    MATCH (a:Adjudication)-[:RESOLVES]->(l) WHERE a.registeredAt <= $asOf
  } THEN 1 END) AS resolved
}
CALL (nodes) {
  UNWIND nodes AS l
  MATCH (a:Adjudication)-[:RESOLVES]->(l)
  WHERE a.registeredAt <= $asOf
  WITH DISTINCT a
  OPTIONAL MATCH (a)-[:ADJUDICATED_BY]->(adjudicator:Reviewer)
  OPTIONAL MATCH (a)-[:RESOLVES]->(x:Artifact)
  WITH a, adjudicator, x
  ORDER BY x.ref
  WITH a, adjudicator, collect(x.ref) AS resolves
  ORDER BY a.seq
  RETURN collect({ref: a.ref, finalLabel: a.label, adjudicator: adjudicator.ref, resolves: resolves}) AS adjudications
}
WITH f, r, labels, adjudications, CASE WHEN resolved = size(nodes) THEN 'ADJUDICATED' ELSE 'UNRESOLVED' END AS status
WHERE $status = 'ALL' OR status = $status
RETURN f.seq AS seq, r.ref AS rubric, f.project AS project, f.promptDigest AS promptDigest,
       f.responseDigest AS responseDigest, labels, adjudications, status
ORDER BY seq
LIMIT $limit
