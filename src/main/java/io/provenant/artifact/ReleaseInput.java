package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.provenant.api.ProvenantError;
import io.provenant.security.Principal;
import io.provenant.security.Role;

/**
 * A checkpoint shipped under a name (the key) and version, with the gate decision that let it ship. Refused
 * unless that decision is on this checkpoint and PASSed, or it FAILed and the release records an override: a
 * written justification by a second person (not the one who asked for the decision) holding the approver role.
 */
@org.eclipse.microprofile.graphql.Input("ReleaseInput")
public record ReleaseInput(String key, String version, String project, String supersedes,
        String checkpoint, String gate, ReleaseOverrideInput override) implements RegistrationInput {

    /** The reviewer role that may override a failed gate decision. */
    public static final String APPROVER_ROLE = "approver";
    static final int MIN_JUSTIFICATION = 40;

    /** Shipping despite a FAIL decision: who approved it and why. */
    @org.eclipse.microprofile.graphql.Input("ReleaseOverrideInput")
    public record ReleaseOverrideInput(String approvedBy, String justification) {
    }

    @Override
    public Kind kind() {
        return Kind.RELEASE;
    }

    @Override
    public void validate() {
        Checks.ref("checkpoint", checkpoint, Kind.CHECKPOINT);
        Checks.ref("gate", gate, Kind.GATE);
        if (override != null) {
            Checks.ref("override.approvedBy", override.approvedBy(), Kind.REVIEWER);
            Checks.text("override.justification", override.justification(), 20_000);
            if (override.justification().strip().length() < MIN_JUSTIFICATION) {
                throw ProvenantError.invalid("override.justification", "is " + override.justification().strip().length()
                        + " characters; an override is justified in writing, in at least " + MIN_JUSTIFICATION + ".");
            }
        }
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("checkpoint", EdgeType.RELEASES, Checks.ref("checkpoint", checkpoint, Kind.CHECKPOINT)));
        links.add(new Link("gate", EdgeType.DECIDED_BY, Checks.ref("gate", gate, Kind.GATE)));
        if (override != null) {
            links.add(new Link("override.approvedBy", EdgeType.OVERRIDE_APPROVED_BY,
                    Checks.ref("override.approvedBy", override.approvedBy(), Kind.REVIEWER)));
        }
        supersedesLink(links);
        return links;
    }

    @Override
    public void validateAgainst(Targets targets) {
        JsonNode decision = targets.payload(Checks.ref("gate", gate, Kind.GATE));
        if (!checkpoint.equals(decision.path("checkpoint").asText())) {
            throw ProvenantError.invalid("gate", "'" + gate + "' decided on " + decision.path("checkpoint").asText()
                    + ", not on " + checkpoint + ".");
        }
        boolean passed = GateDecision.PASS.name().equals(decision.path("decision").asText());
        if (passed) {
            if (override != null) {
                throw ProvenantError.invalid("override", "'" + gate + "' passed; there is nothing to override.");
            }
            return;
        }
        List<String> failed = new ArrayList<>();
        decision.path("criteria").forEach(c -> {
            if (!c.path("passed").asBoolean()) {
                failed.add(c.path("check").asText() + " (" + c.path("subject").asText() + ")");
            }
        });
        if (override == null) {
            throw ProvenantError.conflict("gate", "'" + gate + "' decided FAIL on " + failed.size() + (failed.size() == 1 ? " criterion: " : " criteria: ")
                    + String.join("; ", failed) + ". A release needs a PASS decision, or an override by an approver"
                    + " other than the requester, with a written justification.");
        }
        ArtifactRef approver = Checks.ref("override.approvedBy", override.approvedBy(), Kind.REVIEWER);
        String role = targets.payload(approver).path("role").asText();
        if (!APPROVER_ROLE.equals(role)) {
            throw ProvenantError.invalid("override.approvedBy", "'" + approver + "' has role '" + role
                    + "'; only a reviewer with role '" + APPROVER_ROLE + "' may override a failed gate decision.");
        }
        ArtifactRef requester = ArtifactRef.parse("gate", decision.path("requestedBy").asText());
        if (requester.key().equals(approver.key())) {
            throw ProvenantError.invalid("override.approvedBy", "'" + approver + "' asked for " + gate
                    + "; an override needs a second person.");
        }
    }

    /**
     * An override binds to the token: the caller holds role {@code approver}, is the reviewer {@code approvedBy}
     * names (token subject = reviewer key), and is not who asked for the gate decision (its journal actor).
     */
    @Override
    public void authorize(Principal caller, Targets targets) {
        if (override == null) {
            return;
        }
        if (!caller.has(Role.APPROVER)) {
            throw ProvenantError.forbidden("override", "An override needs a token with role 'approver'.");
        }
        ArtifactRef approver = Checks.ref("override.approvedBy", override.approvedBy(), Kind.REVIEWER);
        if (!approver.key().equals(caller.subject())) {
            throw ProvenantError.forbidden("override.approvedBy", "'" + approver + "' is not you: an approver overrides"
                    + " under their own name (your token's subject is '" + caller.subject() + "').");
        }
        ArtifactRef gateRef = Checks.ref("gate", gate, Kind.GATE);
        if (caller.subject().equals(targets.registeredBy(gateRef))) {
            throw ProvenantError.forbidden("override.approvedBy", "You asked for " + gateRef
                    + "; an override needs a second person.");
        }
    }
}
