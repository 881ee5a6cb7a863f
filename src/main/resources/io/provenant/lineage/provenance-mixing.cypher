// The rubric versions of each dataset's labels as of $asOf (the "dataset mixes rubric versions" warning). A dataset
// sealed by $asOf never changes, and the projector keeps them on it (memberRubrics, Projector.SEAL): 15-20 ms for the
// bench's size M. Only a dataset still open at $asOf, or one projected before all of its members, is read member by
// member.
UNWIND $datasets AS dataset
MATCH (d:Artifact {ref: dataset})
CALL (d) {
  WITH d
  WHERE d.sealedAt <= $asOf AND d.memberRubrics IS NOT NULL
  RETURN d.memberRubrics AS rubrics
  UNION
  WITH d
  WHERE NOT coalesce(d.sealedAt <= $asOf, false) OR d.memberRubrics IS NULL
  OPTIONAL MATCH (d)-[m:HAS_MEMBER]->(:Artifact)-[:UNDER_RUBRIC]->(r:Artifact)
  WHERE m.since <= $asOf
  RETURN collect(DISTINCT r.ref) AS rubrics
}
RETURN dataset, rubrics
