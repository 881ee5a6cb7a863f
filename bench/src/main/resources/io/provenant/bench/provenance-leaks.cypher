// Hand-written releaseProvenance, 6/9: the first 100 eval examples (of the gate's eval datasets) whose prompt is also
// in the training data (a training label, or the label an adjudication member resolves).
UNWIND $evalDatasets AS evalDataset
MATCH (:Artifact {ref: evalDataset})-[:HAS_MEMBER]->(e:Feedback)
MATCH (t:Feedback {promptDigest: e.promptDigest})<-[:RESOLVES*0..1]-()<-[:HAS_MEMBER]-(td:Artifact)
WHERE t <> e AND td.ref IN $datasets
WITH evalDataset, e, collect(DISTINCT t.ref) AS labels
ORDER BY e.seq
LIMIT 100
RETURN evalDataset, e.ref AS example, labels
