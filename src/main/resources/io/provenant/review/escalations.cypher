// Escalations as of $asOf, each as its latest version then (no version registered by $asOf supersedes it), with
// when it was opened (its first version's registration) and resolved (the first resolved version's registration);
// optionally of one project and only the unresolved ones; in the order they were opened, keyset on that seq.
MATCH (e:Escalation)
WHERE e.registeredAt <= $asOf AND ($project IS NULL OR e.project = $project)
  AND NOT ($unresolvedOnly AND e.resolved)
  AND NOT EXISTS { MATCH (n:Escalation)-[:SUPERSEDES]->(e) WHERE n.registeredAt <= $asOf }
CALL (e) {
  MATCH (e)-[:SUPERSEDES*0..100]->(v:Escalation)
  RETURN min(v.registeredAt) AS openedAt, min(v.seq) AS openedSeq,
         min(CASE WHEN v.resolved THEN v.registeredAt END) AS resolvedAt
}
WITH e, openedAt, openedSeq, resolvedAt
WHERE openedSeq > $after
MATCH (e)-[:ESCALATES]->(f:Artifact)
OPTIONAL MATCH (e)-[:RESOLVED_BY]->(r:Artifact)
RETURN e.ref AS escalation, f.ref AS feedback, e.fromTier AS fromTier, e.toTier AS toTier, e.resolved AS resolved,
       r.ref AS resolvedBy, openedAt, openedSeq, CASE WHEN e.resolved THEN resolvedAt END AS resolvedAt
ORDER BY openedSeq
LIMIT $limit
