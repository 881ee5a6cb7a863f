// For each policy version the labels' rubrics implement: the versions superseding it by $asOf (with their
// registration) and whether any rubric version registered by $asOf implements them.
UNWIND $policies AS ref
MATCH (newer:Artifact)-[:SUPERSEDES]->(p:Artifact {ref: ref})
WHERE newer.registeredAt <= $asOf
RETURN p.ref AS policy, newer.ref AS newer, newer.registeredAt AS newerAt,
       EXISTS { MATCH (r:Rubric)-[:IMPLEMENTS]->(newer) WHERE r.registeredAt <= $asOf } AS implemented
ORDER BY policy, newerAt
