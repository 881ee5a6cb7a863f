package io.provenant.artifact;

/**
 * Typed lineage edges. Every edge points from the newer artifact to what it was made from, so
 * membership reads "dataset HAS_MEMBER feedback" and production "checkpoint PRODUCED_BY training-run".
 */
public enum EdgeType {
    SUPERSEDES, IMPLEMENTS, UNDER_RUBRIC, UNDER_POLICY, LABELED_BY, ROUTED_BY, ESCALATES, RESOLVED_BY,
    CALIBRATES, RESOLVES, ADJUDICATED_BY, HAS_MEMBER, DERIVED_FROM, DISJOINT_FROM, USED, STARTED_FROM, REWARD_MODEL,
    PRODUCED_BY, EVALUATED, REFERENCE, EVALUATED_ON, SIMILARITY_BASE, GATES, READ, UNDER_GATE_POLICY, REQUESTED_BY,
    DECIDED_BY, RELEASES, OVERRIDE_APPROVED_BY
}
