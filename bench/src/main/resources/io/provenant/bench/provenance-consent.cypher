// Hand-written releaseProvenance, 8/9: training labels carrying feedback of a data subject who revoked consent (the
// feedback, or an adjudication resolving it), from the few revocations through the indexed consentSubject.
MATCH (r:ConsentRevocation)
MATCH (f:Feedback {consentSubject: r.subject})
OPTIONAL MATCH (a:Adjudication)-[:RESOLVES]->(f)
WITH r, f, collect(a) AS adjudications
UNWIND [f] + adjudications AS label
MATCH (d:Artifact)-[:HAS_MEMBER]->(label)
WHERE d.ref IN $datasets
RETURN r.subject AS subject, collect(DISTINCT label.ref) AS labels, collect(DISTINCT d.ref) AS datasets
