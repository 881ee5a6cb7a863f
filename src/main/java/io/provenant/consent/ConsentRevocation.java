package io.provenant.consent;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** A recorded consent revocation: a fact linked to the subject's feedback, never a deletion of it. */
@Description("A data subject's consent revocation as recorded in the journal.")
public record ConsentRevocation(@NonNull String subject, @NonNull String project, @NonNull String reason,
        @NonNull OffsetDateTime revokedAt, String request,
        @NonNull @Description("sha256 of the canonical JSON of what was recorded.") String digest,
        @NonNull OffsetDateTime recordedAt, @NonNull String recordedBy,
        @NonNull @Description("The journal entry that recorded it.") long journalSequence) {
}
