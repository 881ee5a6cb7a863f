package io.provenant.artifact;

/** How an escalation was resolved: by which reviewer, with what outcome, and the label it settled on. */
@org.eclipse.microprofile.graphql.Input("EscalationResolutionInput")
public record EscalationResolutionInput(String resolvedBy, String outcome, JudgmentInput judgment) {

    void validate(String field) {
        Checks.ref(field + ".resolvedBy", resolvedBy, Kind.REVIEWER);
        Checks.text(field + ".outcome", outcome, 2_000);
        if (judgment != null) {
            judgment.validate(field + ".judgment");
        }
    }
}
