package io.provenant.audit;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.provenant.artifact.Kind;
import io.provenant.audit.AuditReports.AuditEntryConnection;
import io.provenant.audit.AuditReports.AuditProof;
import io.provenant.audit.AuditReports.AuditVerification;
import io.provenant.security.Guarded;

/** The journal for auditors (SPEC §3: auditLog and verifyAudit), with Merkle proofs. */
@GraphQLApi
@Guarded
public class AuditApi {

    @Inject
    Audit audit;

    @Query
    @Description("Verifies the whole journal (positions, payload digests, hash chain, head, stored Merkle tree) and returns"
            + " its size and Merkle root, or the first bad position and why. Reads every entry.")
    public @NonNull AuditVerification verifyAudit() {
        return audit.verify();
    }

    @Query
    @Description("Merkle proofs over the journal (RFC 6962): the inclusion proof of the entry at position in the tree of"
            + " treeSize entries (default: all), and/or the consistency proof that the tree of treeSize extends the tree of"
            + " firstSize. Verify them with RFC 9162 §2.1.3.2 / §2.1.4.2 against a root you noted.")
    public @NonNull AuditProof auditProof(Long position, Long treeSize, Long firstSize) {
        return audit.proof(position, treeSize, firstSize);
    }

    @Query
    @Description("Journal entries in order, filtered by project, actor, artifact kinds and recording time [from, to);"
            + " keyset paging (first 1..1000).")
    public @NonNull AuditEntryConnection auditLog(String project, String actor, List<Kind> kinds, OffsetDateTime from,
            OffsetDateTime to, @DefaultValue("100") Integer first, String after) {
        return audit.log(project, actor, kinds, from, to, first, after);
    }
}
