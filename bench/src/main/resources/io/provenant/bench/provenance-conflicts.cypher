// Hand-written releaseProvenance, 5/9: training labels whose item (prompt and response digest, by the item index)
// has a different label under the same rubric version, with no adjudication resolving them. Among the feedback the
// projector labels :Conflicting (the graph's own mark of a label that can be in a conflict), as anyone writing
// Cypher against this graph would.
MATCH (d:Artifact)-[:HAS_MEMBER]->(l:Conflicting)
WHERE d.ref IN $datasets AND l:Feedback
WITH DISTINCT l
MATCH (l)-[:UNDER_RUBRIC]->(r:Artifact)
WHERE NOT EXISTS { MATCH (l)<-[:RESOLVES]-(:Adjudication) }
  AND EXISTS { MATCH (o:Feedback {promptDigest: l.promptDigest, responseDigest: l.responseDigest})-[:UNDER_RUBRIC]->(r)
               WHERE o.project = l.project AND o.label <> l.label }
RETURN r.ref AS rubric, collect(l.ref) AS labels
