package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.provenant.api.ProvenantError;

/**
 * A release gate decision: which versioned gate policy decided whether a checkpoint may ship, every piece
 * of evidence it read, the decision and its reasons, human sign-offs and overrides with justification.
 */
@org.eclipse.microprofile.graphql.Input("GateInput")
public record GateInput(String key, String version, String project, String supersedes,
        String gatePolicy, String checkpoint, List<String> evidence, GateDecision decision, List<String> reasons,
        List<SignoffInput> signoffs, List<OverrideInput> overrides) implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.GATE;
    }

    @Override
    public void validate() {
        Checks.text("gatePolicy", gatePolicy, 200);
        Checks.ref("checkpoint", checkpoint, Kind.CHECKPOINT);
        evidenceRefs();
        Checks.required("decision", decision);
        if (reasons == null || reasons.isEmpty()) {
            throw ProvenantError.invalid("reasons", "a gate decision states at least one reason.");
        }
        for (int i = 0; i < reasons.size(); i++) {
            Checks.text("reasons[" + i + "]", reasons.get(i), 20_000);
        }
        if (signoffs != null) {
            for (int i = 0; i < signoffs.size(); i++) {
                Checks.required("signoffs[" + i + "]", signoffs.get(i)).validate("signoffs[" + i + "]");
            }
        }
        if (overrides != null) {
            for (int i = 0; i < overrides.size(); i++) {
                Checks.required("overrides[" + i + "]", overrides.get(i)).validate("overrides[" + i + "]");
            }
        }
    }

    /** Evidence may be any artifact (eval runs, calibrations, datasets, …), so each ref names its own kind. */
    private List<ArtifactRef> evidenceRefs() {
        List<ArtifactRef> refs = new ArrayList<>();
        if (evidence == null || evidence.isEmpty()) {
            throw ProvenantError.invalid("evidence", "a gate decision names the evidence it read.");
        }
        for (int i = 0; i < evidence.size(); i++) {
            refs.add(ArtifactRef.parse("evidence[" + i + "]", evidence.get(i)));
        }
        return refs;
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("checkpoint", EdgeType.GATES, Checks.ref("checkpoint", checkpoint, Kind.CHECKPOINT)));
        List<ArtifactRef> read = evidenceRefs();
        for (int i = 0; i < read.size(); i++) {
            links.add(new Link("evidence[" + i + "]", EdgeType.READ, read.get(i)));
        }
        supersedesLink(links);
        return links;
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("decision", decision.name(), "gatePolicy", gatePolicy);
    }
}
