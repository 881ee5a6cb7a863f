// The labels in the datasets, as of $asOf, in one pass over the members: counted per rubric version, reviewer
// (labeler or adjudicator) and label value, with the sets of datasets holding them (for the "dataset mixes rubric
// versions" warning), the feedback recorded without consent/provenance (with up to 10 of their refs per row) and the
// training feedback in unresolved conflict ([seq, ref]), and the first and last journal sequence of the labels (where
// a page of labels looks). The caller sums the rows into the label distribution and the reviewers of each rubric
// version. As three statements (distribution, reviewers, conflicts) the members and their
// rubric edges were read three times: 1.90 against 1.60 s at 100k feedback (bench, size M).
// A dataset sealed by $asOf has no member added after it, so the members' since is read only for open datasets
// (1.7M relationship property reads, 1.2 of 5.3 s at 1M feedback; bench, size L).
// Unresolved conflict, as conflicts(...) defines an item (same project, normalized prompt digest and response digest):
// another judgment of the item under the same rubric version with another label, and no adjudication resolving the
// label, both by $asOf. The other judgments are sought by the item index (with the prompt digest alone, reused prompts
// made it 7.6M index rows and 9 s at 100k feedback; bench, size M), and the adjudication is looked for only when there
// is a conflict (the CASE keeps that order: as an AND, the planner expanded every label's edges for it).
// The calibrations (few) are read once, after counting: asked per (rubric, reviewer) pair, the planner expanded every
// label of the rubric to find its calibrations (20M db hits, 2 s at 100k feedback; bench, size M); read before the
// pass, their list became part of every grouping key.
UNWIND $datasets AS dataset
MATCH (d:Artifact {ref: dataset})
WITH dataset, coalesce(d.sealedAt <= $asOf, false) AS sealed, d
MATCH (d)-[m:HAS_MEMBER]->(l:Artifact)
WHERE sealed OR m.since <= $asOf
WITH l, collect(dataset) AS inDatasets
MATCH (l)-[:UNDER_RUBRIC]->(rubric:Artifact), (l)-[:LABELED_BY|ADJUDICATED_BY]->(reviewer:Artifact)
WITH rubric, reviewer, l, inDatasets, l:Feedback AND l.consentBasis IS NULL AS noConsent,
     CASE WHEN l:Feedback THEN
       CASE WHEN EXISTS { MATCH (o:Feedback {promptDigest: l.promptDigest, responseDigest: l.responseDigest})
                          USING INDEX o:Feedback(promptDigest, responseDigest)
                          WHERE o <> l AND o.project = l.project AND o.registeredAt <= $asOf AND o.label <> l.label
                            AND EXISTS { (o)-[:UNDER_RUBRIC]->(rubric) } }
            THEN NOT EXISTS { MATCH (a:Adjudication)-[:RESOLVES]->(l) WHERE a.registeredAt <= $asOf }
            ELSE false END
     ELSE false END AS conflict
WITH rubric, reviewer, l.label AS label, count(l) AS labels, min(l.seq) AS firstSeq, max(l.seq) AS lastSeq,
     collect(DISTINCT inDatasets) AS datasetSets,
     count(CASE WHEN noConsent THEN 1 END) AS withoutConsent,
     collect(CASE WHEN noConsent THEN l.ref END)[..10] AS withoutConsentSample,
     collect(CASE WHEN conflict THEN [l.seq, l.ref] END) AS conflicts
WITH collect({rubric: rubric, reviewer: reviewer, label: label, labels: labels, firstSeq: firstSeq, lastSeq: lastSeq,
              datasetSets: datasetSets,
              withoutConsent: withoutConsent, withoutConsentSample: withoutConsentSample, conflicts: conflicts}) AS rows
CALL () {
  MATCH (c:Calibration)-[:UNDER_RUBRIC]->(calibrated:Artifact)
  WHERE c.registeredAt <= $asOf
  UNWIND c.passedReviewers AS passed
  RETURN collect(DISTINCT [calibrated.ref, passed]) AS passedPairs
}
UNWIND rows AS row
WITH row, row.rubric AS rubric, row.reviewer AS reviewer, passedPairs
OPTIONAL MATCH (rubric)-[:IMPLEMENTS]->(policy:Artifact)
RETURN rubric.ref AS rubric, rubric.seq AS rubricSeq, policy.ref AS policy, reviewer.ref AS reviewer,
       reviewer.seq AS reviewerSeq, [rubric.ref, reviewer.ref] IN passedPairs AS calibrated, row.label AS label,
       row.labels AS labels, row.firstSeq AS firstSeq, row.lastSeq AS lastSeq, row.datasetSets AS datasetSets, row.withoutConsent AS withoutConsent,
       row.withoutConsentSample AS withoutConsentSample, row.conflicts AS conflicts
ORDER BY rubricSeq, label, reviewerSeq
