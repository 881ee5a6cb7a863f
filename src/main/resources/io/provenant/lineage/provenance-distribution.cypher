// Labels in the datasets, as of $asOf, counted in Neo4j per rubric version and label value (each label once, however
// many of the datasets hold it). Also counts the feedback recorded without consent/provenance (with up to 10 of their
// refs), and the first and last journal sequence of the labels (where a page of labels looks:
// provenance-labels-ordered.cypher). One pass over the members; the rubric's policy is looked up once per group, after
// counting (per label, it cost 560k db hits at 100k feedback; bench, size M). Which datasets mix rubric versions is
// provenance-mixing.cypher: collected here per label (grouping by label node and dataset list), it cost 30-40% of
// this statement at size M (990 against 704 ms through the driver, bench).
// A dataset sealed by $asOf has no member added after it, so the members' since is read only for open datasets
// (1.7M relationship property reads, 1.2 of 5.3 s at 1M feedback; bench, size L).
UNWIND $datasets AS dataset
MATCH (d:Artifact {ref: dataset})
WITH coalesce(d.sealedAt <= $asOf, false) AS sealed, d
MATCH (d)-[m:HAS_MEMBER]->(l:Artifact)
WHERE sealed OR m.since <= $asOf
WITH DISTINCT l
MATCH (l)-[:UNDER_RUBRIC]->(rubric:Artifact)
WITH rubric, l, l:Feedback AND l.consentBasis IS NULL AS noConsent
WITH rubric, l.label AS label, count(l) AS labels, min(l.seq) AS firstSeq, max(l.seq) AS lastSeq,
     count(CASE WHEN noConsent THEN 1 END) AS withoutConsent,
     collect(CASE WHEN noConsent THEN l.ref END)[..10] AS withoutConsentSample
OPTIONAL MATCH (rubric)-[:IMPLEMENTS]->(policy:Artifact)
RETURN rubric.ref AS rubric, rubric.seq AS rubricSeq, policy.ref AS policy, label, labels, firstSeq, lastSeq,
       withoutConsent, withoutConsentSample
ORDER BY rubricSeq, label
