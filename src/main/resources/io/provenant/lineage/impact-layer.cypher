// The review layer an impact question starts with, as of $asOf: the origins (an artifact, or every feedback
// event of a data subject) and every artifact that reaches them through review edges within 4 hops (labels
// under a rubric or policy or by a reviewer or routed by a triage rule version, adjudications resolving them, escalations,
// calibrations, later versions). Counted per kind in Neo4j, never returned one by one; with the datasets
// holding any of them (and a sample member each) and the non-label artifacts the downstream walk starts from;
// for a data subject, their consent revocation if one was recorded by $asOf.
CALL {
  MATCH (o:Artifact {ref: $ref}) WHERE o.registeredAt <= $asOf RETURN o
  UNION
  MATCH (o:Feedback {consentSubject: $subject}) WHERE o.registeredAt <= $asOf RETURN o
}
WITH collect(o) AS origins
CALL (origins) {
  UNWIND origins AS o
  MATCH (x:Artifact)-[:UNDER_RUBRIC|UNDER_POLICY|LABELED_BY|ADJUDICATED_BY|RESOLVES|IMPLEMENTS|SUPERSEDES|ROUTED_BY|ESCALATES|RESOLVED_BY|CALIBRATES*1..4]->(o)
  WHERE x.registeredAt <= $asOf
  RETURN collect(DISTINCT x) AS reached
}
WITH origins, [n IN reached WHERE NOT n IN origins] + origins AS layer
CALL (layer) {
  UNWIND layer AS l
  WITH l WHERE $ref IS NULL OR l.ref <> $ref
  WITH l.kind AS kind, count(l) AS n
  RETURN collect({kind: kind, count: n}) AS counts
}
CALL (layer) {
  UNWIND layer AS l
  MATCH (d:Dataset)-[m:HAS_MEMBER]->(l)
  WHERE m.since <= $asOf
  WITH d, min(l.seq) AS sample
  ORDER BY d.seq
  RETURN collect({dataset: d.ref, sample: sample}) AS datasets
}
CALL () {
  OPTIONAL MATCH (revocation:ConsentRevocation {subject: $subject})
  WHERE revocation.registeredAt <= $asOf
  RETURN revocation
}
RETURN [o IN origins | o.ref] AS origins, revocation, size(origins) AS originCount, counts, datasets,
       [l IN layer WHERE NOT (l:Feedback OR l:Adjudication OR l:Triage OR l:Escalation) | l.ref] AS carriers
