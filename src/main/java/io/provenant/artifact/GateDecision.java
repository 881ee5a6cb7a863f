package io.provenant.artifact;

/** What a release gate decided for a checkpoint. */
public enum GateDecision {
    PASS, FAIL
}
