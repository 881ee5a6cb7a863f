package io.provenant.artifact;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;

/** What evaluateGate is asked: the decision's key, version and project, the checkpoint, the gate policy and who asks. */
@org.eclipse.microprofile.graphql.Input("EvaluateGateInput")
public record EvaluateGateInput(String key, String version, String project,
        @Description("An earlier decision on the same key that this one replaces.") String supersedes,
        String checkpoint, String gatePolicy,
        @Description("The reviewer (person) asking for the decision; an override must come from someone else.") String requestedBy,
        List<SignoffInput> signoffs) {
}
