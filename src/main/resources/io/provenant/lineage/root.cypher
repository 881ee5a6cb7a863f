// The artifact a lineage question starts from.
MATCH (a:Artifact {ref: $ref})
RETURN a AS node
