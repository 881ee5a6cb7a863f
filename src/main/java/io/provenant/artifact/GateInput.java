package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.provenant.api.ProvenantError;

/**
 * A release gate decision as journaled: a gate policy evaluated on a checkpoint by {@code evaluateGate}, who asked,
 * the human sign-offs, every criterion with the evidence it read, its value, its limit and pass/fail, and the
 * decision (PASS only when every criterion passed). Built by the server, never taken from a caller, so a PASS
 * cannot be asserted; its digest covers the criteria, so an auditor can recompute them from the evidence.
 */
public record GateInput(String key, String version, String project, String supersedes,
        String gatePolicy, String checkpoint, String requestedBy, List<SignoffInput> signoffs,
        List<String> evidence, List<GateCriterion> criteria, GateDecision decision) implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.GATE;
    }

    @Override
    public void validate() {
        Checks.ref("gatePolicy", gatePolicy, Kind.GATE_POLICY);
        Checks.ref("checkpoint", checkpoint, Kind.CHECKPOINT);
        Checks.ref("requestedBy", requestedBy, Kind.REVIEWER);
        if (signoffs != null) {
            for (int i = 0; i < signoffs.size(); i++) {
                Checks.required("signoffs[" + i + "]", signoffs.get(i)).validate("signoffs[" + i + "]");
            }
        }
        evidenceRefs();
        if (criteria == null || criteria.isEmpty()) {
            throw ProvenantError.invalid("criteria", "a gate decision lists at least one criterion.");
        }
        Checks.required("decision", decision);
    }

    /** Evidence may be any artifact (eval runs, calibrations, datasets, …), so each ref names its own kind. */
    private List<ArtifactRef> evidenceRefs() {
        List<ArtifactRef> refs = new ArrayList<>();
        if (evidence != null) {
            for (int i = 0; i < evidence.size(); i++) {
                refs.add(ArtifactRef.parse("evidence[" + i + "]", evidence.get(i)));
            }
        }
        return refs;
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("checkpoint", EdgeType.GATES, Checks.ref("checkpoint", checkpoint, Kind.CHECKPOINT)));
        links.add(new Link("gatePolicy", EdgeType.UNDER_GATE_POLICY, Checks.ref("gatePolicy", gatePolicy, Kind.GATE_POLICY)));
        links.add(new Link("requestedBy", EdgeType.REQUESTED_BY, Checks.ref("requestedBy", requestedBy, Kind.REVIEWER)));
        List<ArtifactRef> read = evidenceRefs();
        for (int i = 0; i < read.size(); i++) {
            links.add(new Link("evidence[" + i + "]", EdgeType.READ, read.get(i)));
        }
        supersedesLink(links);
        return links;
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("decision", decision.name(), "gatePolicy", gatePolicy,
                "failedCriteria", criteria.stream().filter(c -> !c.passed()).count());
    }
}
