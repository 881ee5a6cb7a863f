package io.provenant.journal;

/** An entry to append: what happened ({@code operation}) to which artifact, with its canonical payload. */
public record JournalDraft(String project, String operation, String ref, String payload, String payloadDigest) {

    public static final String REGISTER = "register";
    public static final String ADD_MEMBERS = "add-members";
    public static final String SEAL = "seal";
    public static final String REVOKE_CONSENT = "revoke-consent";
    /** An OpenLineage run event as received (io.provenant.openlineage); the artifacts mapped from it have their own entries. */
    public static final String OPENLINEAGE_EVENT = "openlineage-event";
}
