// One page of a review queue: the feedback routed to $queue (by the indexed queue property the routing recorded),
// optionally of one project and one status, ordered by priority (lower first) then registration, keyset on
// (priority, seq). Status: ADJUDICATED (an adjudication resolves it) wins; else ESCALATED (the latest version of
// one of its escalations is unresolved), RESOLVED (every escalation's latest version is resolved), or OPEN.
MATCH (f:Feedback {queue: $queue})
WHERE ($project IS NULL OR f.project = $project)
  AND (f.priority > $afterPriority OR (f.priority = $afterPriority AND f.seq > $afterSeq))
CALL (f) {
  OPTIONAL MATCH (e:Escalation)-[:ESCALATES]->(f)
  WHERE NOT EXISTS { MATCH (:Escalation)-[:SUPERSEDES]->(e) }
  WITH e ORDER BY e.seq
  RETURN collect(e.ref) AS escalations, count(CASE WHEN NOT e.resolved THEN 1 END) AS open
}
WITH f, escalations, open, EXISTS { MATCH (:Adjudication)-[:RESOLVES]->(f) } AS adjudicated
WITH f, escalations, CASE WHEN adjudicated THEN 'ADJUDICATED' WHEN open > 0 THEN 'ESCALATED'
                          WHEN size(escalations) > 0 THEN 'RESOLVED' ELSE 'OPEN' END AS status
WHERE $status IS NULL OR status = $status
MATCH (f)-[:ROUTED_BY]->(rules:Artifact)
RETURN f.ref AS feedback, f.priority AS priority, f.seq AS seq, status, rules.ref AS rules, f.category AS category,
       f.severity AS severity, f.matchedRule AS matchedRule, f.registeredAt AS recordedAt, escalations
ORDER BY priority, seq
LIMIT $limit
