package io.provenant.artifact;

/** Which of a preference pair the reviewer chose. */
public enum PreferenceChoice {
    RESPONSE, ALTERNATIVE, TIE
}
