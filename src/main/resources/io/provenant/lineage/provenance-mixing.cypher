// Datasets whose labels (as of $asOf) were made under more than one rubric version.
UNWIND $datasets AS dataset
MATCH (d:Artifact {ref: dataset})-[m:HAS_MEMBER]->(l:Artifact)-[:UNDER_RUBRIC]->(rubric:Artifact)
WHERE m.since <= $asOf
WITH d, collect(DISTINCT rubric.ref) AS rubrics
WHERE size(rubrics) > 1
RETURN d.ref AS dataset, rubrics
ORDER BY dataset
