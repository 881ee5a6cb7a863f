package io.provenant.artifact;

/** The role of a dataset version: training data, or data held out from training. */
public enum DatasetSplit {
    TRAIN, VALIDATION, HELD_OUT, EVAL;

    /** Held-out and eval data must never reach training; eval runs may only read these. */
    public boolean heldOut() {
        return this == HELD_OUT || this == EVAL;
    }
}
