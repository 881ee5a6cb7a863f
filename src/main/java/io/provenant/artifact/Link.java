package io.provenant.artifact;

/** One typed lineage edge a registration declares: from the new artifact to {@code target}, named by {@code field}. */
public record Link(String field, EdgeType type, ArtifactRef target) {
}
