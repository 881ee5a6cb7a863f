// Labels in the datasets (members as of $asOf) that carry feedback of a data subject whose consent
// revocation was recorded by $asOf: the feedback itself, or an adjudicated final label resolving it.
// Starts from the revocations (few) and seeks feedback by the indexed consentSubject, never scanning labels.
MATCH (r:ConsentRevocation)
WHERE r.registeredAt <= $asOf
MATCH (f:Feedback {consentSubject: r.subject})
WHERE f.registeredAt <= $asOf
CALL (f) {
  MATCH (d:Dataset)-[m:HAS_MEMBER]->(f)
  RETURN d, m, f AS label
  UNION
  MATCH (d:Dataset)-[m:HAS_MEMBER]->(a:Adjudication)-[:RESOLVES]->(f)
  RETURN d, m, a AS label
}
WITH r, d, m, label
WHERE d.ref IN $datasets AND m.since <= $asOf
WITH r, collect(DISTINCT label.ref) AS labels, collect(DISTINCT d.ref) AS datasets
RETURN r.subject AS subject, r.revokedAt AS revokedAt, r.reason AS reason, r.seq AS seq, labels, datasets
ORDER BY seq
