package io.provenant.audit;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import io.provenant.security.PersonalData;
import io.provenant.security.PersonalData.What;

/** One journal entry: an accepted write, hash-chained to the one before. */
@Description("A journal entry: one accepted write. entryHash = sha256 of the canonical JSON of {seq, recordedAt, actor,"
        + " project, operation, ref, payloadDigest, prevHash}; payloadDigest = sha256 of payload (UTF-8).")
public record AuditEntry(
        @NonNull @Description("Position in the journal (1-based); the Merkle tree leaf index is position - 1.") long position,
        @NonNull OffsetDateTime recordedAt, @NonNull @PersonalData(What.IDENTITY) String actor, @NonNull String project,
        @NonNull @Description("register, add-members, seal or revoke-consent.") String operation,
        @NonNull @Description("The artifact (or consent-subject:<subject>) the write is about.") String ref,
        @NonNull @PersonalData(What.PAYLOAD) @Description("The canonical JSON payload exactly as hashed (pseudonymised without PII access).") String payload,
        @NonNull String payloadDigest, @NonNull String prevHash, @NonNull String entryHash) {
}
