package io.provenant.consent;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import io.provenant.security.PersonalData;
import io.provenant.security.PersonalData.What;

/** A recorded consent revocation: a fact linked to the subject's feedback, never a deletion of it. */
@Description("A data subject's consent revocation as recorded in the journal.")
public record ConsentRevocation(@NonNull @PersonalData(What.IDENTITY) String subject, @NonNull String project,
        @NonNull @PersonalData(What.TEXT) String reason,
        @NonNull OffsetDateTime revokedAt, String request,
        @NonNull @Description("sha256 of the canonical JSON of what was recorded.") String digest,
        @NonNull OffsetDateTime recordedAt, @NonNull @PersonalData(What.IDENTITY) String recordedBy,
        @NonNull @Description("The journal entry that recorded it.") long journalSequence) {
}
