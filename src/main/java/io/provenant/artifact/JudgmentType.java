package io.provenant.artifact;

/** What a human judgment h of a feedback event (x, y, h) is. */
public enum JudgmentType {
    /** A score on the rubric's rating scale. */
    RATING,
    /** A choice between the response and an alternative response. */
    PREFERENCE,
    /** Policy violation labels (possibly none: "no violation"). */
    VIOLATION
}
