package io.provenant.artifact;

import org.eclipse.microprofile.graphql.Description;

import io.provenant.api.ProvenantError;

/**
 * How a feedback event is to be triaged: by which triage rule version, as which category and severity. The
 * server routes the event when it is recorded and writes the routing ({@code queue}, {@code priority},
 * {@code matchedRule}) into the journaled payload, so the digest covers it; a client never sends those.
 */
@org.eclipse.microprofile.graphql.Input("FeedbackTriageInput")
public record FeedbackTriageInput(@Description("The triage rule version that routes the event, e.g. triage:safety-routing@7.") String rules,
        String category, String severity,
        @Description(RECORDED) String queue,
        @Description(RECORDED) Integer priority,
        @Description(RECORDED + " (rules[i] or default)") String matchedRule) {

    static final String RECORDED = "Recorded by the server when it routes the event; must not be sent.";

    void validate(String field) {
        Checks.ref(field + ".rules", rules, Kind.TRIAGE);
        Checks.text(field + ".category", category, 200);
        Checks.text(field + ".severity", severity, 50);
        if (TriageRuleInput.ANY.equals(category) || TriageRuleInput.ANY.equals(severity)) {
            throw ProvenantError.invalid(field + (TriageRuleInput.ANY.equals(category) ? ".category" : ".severity"),
                    "is \"*\"; an event has one category and one severity (\"*\" is for rules).");
        }
        String sent = queue != null ? "queue" : priority != null ? "priority" : matchedRule != null ? "matchedRule" : null;
        if (sent != null) {
            throw ProvenantError.invalid(field + "." + sent, "is recorded by the server when it routes the event by "
                    + rules + "; leave it out.");
        }
    }

    /** Whether the routing has been recorded (always, in a journaled payload). */
    boolean routed() {
        return queue != null;
    }
}
