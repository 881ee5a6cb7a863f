package io.provenant.artifact;

/** The checks a gate policy can make. */
public enum GateCheck {
    /** At least one regression eval run compares the checkpoint with a reference. */
    REGRESSION_EVIDENCE,
    /** A metric's worsening on a slice vs the reference, under the main template. */
    MAX_REGRESSION,
    /** The increase of benign_refusal_rate vs the reference. */
    MAX_BENIGN_REFUSAL_INCREASE,
    /** A metric's worsening under an alternative prompt template vs the main one. */
    TEMPLATE_GAP,
    /** Representation similarity to the base model. */
    REPRESENTATION_SIMILARITY,
    /** Reviewers of the training labels passed a calibration under the label's rubric version. */
    CALIBRATED_REVIEWERS,
    /** No eval prompt reaches the training data. */
    HELD_OUT_VERIFIED,
    /** Training labels have consent; none carries a revoked subject's feedback. */
    CONSENT_COMPLETE,
    /** Reward models optimized against have a calibration eval. */
    REWARD_MODEL_CALIBRATED,
    /** Training labels in unresolved conflicts. */
    UNRESOLVED_CONFLICTS,
    /** Training datasets do not mix labels of several versions of a rubric. */
    CONSISTENT_RUBRIC_VERSIONS
}
