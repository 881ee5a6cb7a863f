// The whole impact question as of $asOf, in one statement (one round trip; the answer is small, the labels are
// counted here and never returned one by one):
// 1. the origins (an artifact, or every feedback event of a data subject) and the review layer: every artifact that
//    reaches them through review edges within 4 hops (labels under a rubric or policy or by a reviewer or routed by a
//    triage rule version, adjudications resolving them, escalations, calibrations, later versions), counted per kind
//    (an origin artifact is left out by node, not by reading every ref: the statement up to the counts took 11.5
//    against 10 ms at size M, bench). Edges join :Artifact nodes only (the projector MERGEs both ends as :Artifact,
//    and only datasets have HAS_MEMBER edges), so the nodes they reach are not label-checked again;
// 2. the datasets holding any of them (with their earliest such member) and the layer's non-label artifacts
//    (carriers): the starts (roots) of the downstream walk. A dataset sealed by $asOf held all its members then
//    (Datasets refuses members once a version is sealed): only for the others (open) is each membership's date read,
//    in a second pass. Reading every membership's date (9,277 for the bench's reviewer at size L) took the statement
//    300 against 255 ms (bench data, 40 interleaved rounds); collecting the memberships per dataset instead of a
//    second pass was as fast but holds them all in memory (a rubric's layer has 100,000s of labels);
// 3. one path from an origin through review edges to each root a release lies downstream of (for a dataset, to its
//    earliest member): the releases' paths start there. Not for the other roots, e.g. the calibrations of a reviewer,
//    whose paths went through every reviewer they calibrated (9.1 against 9.9 ms for the statement at size M);
// 4. everything downstream of the roots over the post-review edge types (a literal list: a typed expansion reads only
//    those edges of a node with many, e.g. a reviewer's labels, where type(r) IN $types read them all), up to 31 hops
//    (a node only 31 away says that more lies beyond the walk's depth of 30), at most $limit artifacts: each with its
//    registration and the nodes it was made from over those edges. The caller computes each one's breadth-first
//    depth from these (Impact.downstream), picks its parent among them as the lineage walk does, and applies maxNodes.
//    Found by a pruning breadth-first expansion (each node once), not by a shortest path per root and node
//    (ANY SHORTEST): the statement took 10.1 against 12.3 ms at size M (bench data, 400 interleaved rounds);
// 5. for a data subject, their consent revocation if one was recorded by $asOf.
// As separate statements (layer, paths, one per hop) it cost 14 ms against 9 ms in one, at size M (bench).
CALL () {
  MATCH (o:Artifact {ref: $ref}) WHERE o.registeredAt <= $asOf RETURN o
  UNION
  MATCH (o:Feedback {consentSubject: $subject}) WHERE o.registeredAt <= $asOf RETURN o
}
WITH collect(o) AS origins
CALL (origins) {
  UNWIND origins AS o
  MATCH (x)-[:UNDER_RUBRIC|UNDER_POLICY|LABELED_BY|ADJUDICATED_BY|RESOLVES|IMPLEMENTS|SUPERSEDES|ROUTED_BY|ESCALATES|RESOLVED_BY|CALIBRATES*1..4]->(o)
  WHERE x.registeredAt <= $asOf
  RETURN collect(DISTINCT x) AS reached
}
WITH origins, [n IN reached WHERE NOT n IN origins] AS others
WITH origins, others, others + origins AS layer
CALL (layer, others) {
  UNWIND CASE WHEN $ref IS NULL THEN layer ELSE others END AS l
  WITH l.kind AS kind, count(l) AS n
  RETURN collect({kind: kind, count: n}) AS counts
}
CALL (layer) {
  UNWIND layer AS l
  WITH l, l.seq AS seq
  MATCH (d)-[:HAS_MEMBER]->(l)
  WITH d, min(seq) AS earliest
  WITH d, earliest, coalesce(d.sealedAt <= $asOf, false) AS sealedByThen
  WITH collect(CASE WHEN sealedByThen THEN {dataset: d, sample: earliest} END) AS sealed,
       collect(CASE WHEN sealedByThen THEN null ELSE d END) AS open
  CALL (layer, open) {
    WITH layer, open WHERE size(open) > 0
    UNWIND layer AS l
    MATCH (d)-[m:HAS_MEMBER]->(l)
    WHERE d IN open AND m.since <= $asOf
    WITH d, min(l.seq) AS sample
    RETURN collect({dataset: d, sample: sample}) AS opened
  }
  UNWIND sealed + opened AS held
  WITH held ORDER BY held.dataset.seq
  RETURN collect(held) AS datasets
}
CALL () {
  OPTIONAL MATCH (revocation:ConsentRevocation {subject: $subject})
  WHERE revocation.registeredAt <= $asOf
  RETURN revocation
}
WITH origins, revocation, counts, datasets,
     [l IN layer WHERE NOT (l:Feedback OR l:Adjudication OR l:Triage OR l:Escalation)] AS carriers
CALL (origins, carriers, datasets) {
  UNWIND [c IN carriers | {root: c, seq: c.seq}] + [d IN datasets | {root: d.dataset, seq: d.sample}] AS target
  WITH origins, target.root AS root, target.seq AS seq
  WHERE root:Release OR EXISTS { (root)(()<-[r:DERIVED_FROM|USED|PRODUCED_BY|STARTED_FROM|REWARD_MODEL|EVALUATED|REFERENCE|EVALUATED_ON|GATES|READ|DECIDED_BY|RELEASES WHERE r.since <= $asOf]-()){1,31}(:Release) }
  MATCH (x:Artifact {seq: seq})
  CALL (x, origins) {
    MATCH p = (x)-[:UNDER_RUBRIC|UNDER_POLICY|LABELED_BY|ADJUDICATED_BY|RESOLVES|IMPLEMENTS|SUPERSEDES|ROUTED_BY|ESCALATES|RESOLVED_BY|CALIBRATES*0..4]->(o:Artifact)
    WHERE o IN origins
    RETURN [n IN reverse(nodes(p)) | n.ref] AS path
    ORDER BY length(p)
    LIMIT 1
  }
  RETURN collect({root: root.ref, path: path}) AS paths
}
WITH origins, revocation, counts, datasets, carriers, paths,
     reduce(acc = [], n IN carriers + [d IN datasets | d.dataset] | CASE WHEN n IN acc THEN acc ELSE acc + n END) AS roots
CALL (roots) {
  UNWIND roots AS root
  MATCH (root)(()<-[r:DERIVED_FROM|USED|PRODUCED_BY|STARTED_FROM|REWARD_MODEL|EVALUATED|REFERENCE|EVALUATED_ON|GATES|READ|DECIDED_BY|RELEASES WHERE r.since <= $asOf]-()){1,31}(y)
  WITH DISTINCT y
  WHERE NOT y IN roots
  LIMIT $limit
  CALL (y) {
    MATCH (y)-[r:DERIVED_FROM|USED|PRODUCED_BY|STARTED_FROM|REWARD_MODEL|EVALUATED|REFERENCE|EVALUATED_ON|GATES|READ|DECIDED_BY|RELEASES]->(x)
    WHERE r.since <= $asOf
    RETURN collect(x.ref) AS near
  }
  RETURN collect({ref: y.ref, seq: y.seq, near: near}) AS downstream
}
RETURN [o IN origins | o.ref] AS origins, size(origins) AS originCount, revocation, counts,
       [r IN roots | r.ref] AS roots, [c IN carriers | c.ref] AS carriers, paths, downstream
