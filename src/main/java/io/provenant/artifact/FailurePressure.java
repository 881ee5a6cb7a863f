package io.provenant.artifact;

/**
 * The failure pressures of the feedback-to-training loop (seed 002) that a gate report names one by one.
 */
public enum FailurePressure {
    /** A reward model optimized against without a calibration eval: the policy may learn the proxy, not the goal. */
    PROXY_REWARD,
    /** Safe but unhelpful: refusing benign requests looks safe on harmful slices. */
    REFUSAL_SHORTCUT,
    /** Good results under the training prompt template only. */
    TEMPLATE_OVERFIT,
    /** Inconsistent labels for the same item that no adjudication resolved. */
    POLICY_AMBIGUITY,
    /** Policy, rubric and dataset versions that did not move together. */
    FEEDBACK_DRIFT
}
