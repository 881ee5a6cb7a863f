package io.provenant.artifact;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import io.provenant.security.PersonalData;
import io.provenant.security.PersonalData.What;

/** A registered artifact, as the API shows it. */
@Description("A registered, immutable artifact of the feedback-to-training loop.")
public record Artifact(
        @NonNull @Description("kind:key@version") String ref,
        @NonNull Kind kind,
        @NonNull String key,
        @NonNull String version,
        @NonNull String project,
        @NonNull @Description("sha256 (hex) of payload: anyone can recompute it.") String digest,
        @NonNull OffsetDateTime registeredAt,
        @NonNull @PersonalData(What.IDENTITY) String registeredBy,
        @NonNull @Description("Position of the registering entry in the journal.") long journalSequence,
        @NonNull @PersonalData(What.PAYLOAD) @Description("The RFC 8785 canonical JSON of what was registered (nulls and empty lists dropped);"
                + " without PII access its personal fields read as pseudonyms (digest is of the real payload).") String payload,
        @NonNull @Description("The typed lineage edges this artifact declared, to what it was made from.") List<@NonNull Reference> references,
        @Description("Membership and seal of a dataset version; null for other kinds.") DatasetState dataset,
        @NonNull @Description("True when the artifact belongs to a project your token cannot read: then only its kind is shown.") boolean restricted) {

    /** One outgoing lineage edge. */
    public record Reference(@NonNull EdgeType type, @NonNull @Description("The input field that declared it.") String field,
            @NonNull String ref) {
    }

    /** A dataset version's members and seal. */
    public record DatasetState(@NonNull boolean sealed, @NonNull long memberCount,
            @Description("sha256 over the members, set when sealed.") String contentDigest, OffsetDateTime sealedAt) {
    }
}
