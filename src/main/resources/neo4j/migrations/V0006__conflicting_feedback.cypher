// Feedback that can be in a conflict carries the label :Conflicting (another judgment of its item, same project,
// prompt and response digest, under its rubric version, has another label); the projector sets it for every
// feedback it projects (Projector.FLAG_CONFLICTS), this sets it once on a graph projected before it did.
MATCH (l:Feedback)-[:UNDER_RUBRIC]->(r:Artifact)
WHERE NOT l:Conflicting AND EXISTS {
  MATCH (o:Feedback {promptDigest: l.promptDigest, responseDigest: l.responseDigest})
  WHERE o <> l AND o.project = l.project AND o.label <> l.label AND (o)-[:UNDER_RUBRIC]->(r)
}
SET l:Conflicting;
