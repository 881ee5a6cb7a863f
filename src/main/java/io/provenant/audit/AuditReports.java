package io.provenant.audit;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.provenant.api.PageInfo;
import io.provenant.journal.JournalVerifier;

/** The GraphQL shapes of the audit questions. */
public final class AuditReports {

    private AuditReports() {
    }

    @Description("Whether the whole journal verifies: its hash chain, payload digests, head and stored Merkle tree.")
    public record AuditVerification(
            @NonNull @Description("Entries in the journal (its head).") long size,
            @NonNull @Description("RFC 6962 Merkle root over all entries (hex); note it to check later journals extend it.") String rootHash,
            @NonNull boolean valid,
            @Description("The first position that fails, when not valid.") Long firstBadPosition,
            @Description("Why it fails: MISSING, CHANGED or REORDERED.") JournalVerifier.Problem problem,
            String detail,
            @NonNull @Description("Entries verified before the first problem (all of them when valid).") long verifiedSize,
            @NonNull OffsetDateTime verifiedAt) {
    }

    @Description("Proofs over the journal's Merkle tree (RFC 6962 / RFC 9162 §2.1), hashes in hex.")
    public record AuditProof(
            @NonNull long treeSize, @NonNull String rootHash,
            @Description("The entry proven included, when a position was asked.") AuditEntry entry,
            @Description("Its leaf hash: sha256(0x00 || entryHash bytes).") String leafHash,
            @Description("Inclusion proof (audit path) of the entry in the tree of treeSize.") List<@NonNull String> inclusion,
            @Description("Consistency proof from firstSize to treeSize, when firstSize was asked.") ConsistencyProof consistency) {
    }

    @Description("Proves the tree of treeSize extends the tree of firstSize without rewriting it.")
    public record ConsistencyProof(@NonNull long firstSize, @NonNull String firstRootHash, @NonNull List<@NonNull String> proof) {
    }

    @Description("A page of journal entries, in journal order.")
    public record AuditEntryConnection(@NonNull List<@NonNull AuditEntry> nodes, @NonNull PageInfo pageInfo) {
    }
}
