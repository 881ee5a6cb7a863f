// Labels of the two sides' datasets per rubric version, as of $asOf: only in "from", only in "to", in both.
// Aggregated in Neo4j; labels are never returned one by one.
UNWIND [{side: 'from', datasets: $from}, {side: 'to', datasets: $to}] AS s
UNWIND s.datasets AS dataset
MATCH (:Artifact {ref: dataset})-[m:HAS_MEMBER]->(l:Artifact)-[:UNDER_RUBRIC]->(rubric:Artifact)
WHERE m.since <= $asOf
WITH rubric, l, collect(DISTINCT s.side) AS sides
WITH rubric, sum(CASE WHEN size(sides) = 2 THEN 1 ELSE 0 END) AS inBoth,
     sum(CASE WHEN sides = ['from'] THEN 1 ELSE 0 END) AS onlyInFrom,
     sum(CASE WHEN sides = ['to'] THEN 1 ELSE 0 END) AS onlyInTo
OPTIONAL MATCH (rubric)-[:IMPLEMENTS]->(policy:Artifact)
RETURN rubric.ref AS rubric, rubric.seq AS seq, policy.ref AS policy, onlyInFrom, onlyInTo, inBoth
ORDER BY seq
