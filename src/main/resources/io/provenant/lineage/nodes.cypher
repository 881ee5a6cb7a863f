// The nodes of one lineage page, read whole (the walk itself carries only ref, sequence and kind).
UNWIND $refs AS ref
MATCH (n:Artifact {ref: ref})
RETURN n AS node
