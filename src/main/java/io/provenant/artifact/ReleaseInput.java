package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;

import io.provenant.api.ProvenantError;

/** A checkpoint shipped under a name (the key) and version, with the gate decision that let it ship. */
@org.eclipse.microprofile.graphql.Input("ReleaseInput")
public record ReleaseInput(String key, String version, String project, String supersedes,
        String checkpoint, String gate) implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.RELEASE;
    }

    @Override
    public void validate() {
        Checks.ref("checkpoint", checkpoint, Kind.CHECKPOINT);
        Checks.ref("gate", gate, Kind.GATE);
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("checkpoint", EdgeType.RELEASES, Checks.ref("checkpoint", checkpoint, Kind.CHECKPOINT)));
        links.add(new Link("gate", EdgeType.DECIDED_BY, Checks.ref("gate", gate, Kind.GATE)));
        supersedesLink(links);
        return links;
    }

    @Override
    public void validateAgainst(Targets targets) {
        var decision = targets.payload(Checks.ref("gate", gate, Kind.GATE));
        if (!checkpoint.equals(decision.path("checkpoint").asText())) {
            throw ProvenantError.invalid("gate", "'" + gate + "' decided on " + decision.path("checkpoint").asText()
                    + ", not on " + checkpoint + ".");
        }
        if (!GateDecision.PASS.name().equals(decision.path("decision").asText())) {
            throw ProvenantError.invalid("gate", "'" + gate + "' decided " + decision.path("decision").asText()
                    + "; a release needs a PASS gate decision.");
        }
    }
}
