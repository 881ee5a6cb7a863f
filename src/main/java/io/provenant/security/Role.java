package io.provenant.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a token may do. Roles are cumulative by implication: every role but {@code reader} includes reading,
 * and {@code admin} includes every role. Which roles see personal data is configuration
 * ({@code provenant.security.pii-roles}), not part of the role.
 */
public enum Role {
    /** Queries in the token's projects. */
    READER,
    /** Reader, plus registrations, feedback, dataset members and seals, gate evaluations in the token's projects. */
    REGISTRAR,
    /** Reader, plus the journal: auditLog, auditProof, verifyAudit, graphDigest and the journal export. */
    AUDITOR,
    /** Reader, plus approving a release override (as the token's subject). */
    APPROVER,
    /** Everything, plus tokens and graph rebuilds. */
    ADMIN;

    /** The roles this one includes (itself among them). */
    public Set<Role> includes() {
        return switch (this) {
            case READER -> EnumSet.of(READER);
            case REGISTRAR -> EnumSet.of(REGISTRAR, READER);
            case AUDITOR -> EnumSet.of(AUDITOR, READER);
            case APPROVER -> EnumSet.of(APPROVER, READER);
            case ADMIN -> EnumSet.allOf(Role.class);
        };
    }

    /** The GraphQL/CLI spelling: lower case. */
    public String spelling() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
