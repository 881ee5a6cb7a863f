package io.provenant.lineage;

/** Which way a lineage question walks from its artifact. */
public enum LineageDirection {
    /** Towards what the artifact was made from (the direction edges point). */
    UPSTREAM,
    /** Towards what was made from the artifact. */
    DOWNSTREAM,
    /** Both walks, each from the artifact (their union; no zig-zag). */
    BOTH
}
