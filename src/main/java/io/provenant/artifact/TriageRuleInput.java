package io.provenant.artifact;

import org.eclipse.microprofile.graphql.Description;

/** One triage rule: events of this category and severity ({@code "*"} matches any) go to this queue with this priority. */
@org.eclipse.microprofile.graphql.Input("TriageRuleInput")
public record TriageRuleInput(@Description("A category, or \"*\" for any.") String category,
        @Description("A severity, or \"*\" for any.") String severity, String queue,
        @Description("0..1000; lower is more urgent.") Integer priority) {

    public static final String ANY = "*";

    void validate(String field) {
        Checks.text(field + ".category", category, 200);
        Checks.text(field + ".severity", severity, 50);
        Checks.text(field + ".queue", queue, 200);
        Checks.required(field + ".priority", priority);
        Checks.range(field + ".priority", priority, 0, 1000);
    }

    /** Whether an event of this category and severity is routed by this rule. */
    public boolean matches(String eventCategory, String eventSeverity) {
        return (ANY.equals(category) || category.equals(eventCategory)) && (ANY.equals(severity) || severity.equals(eventSeverity));
    }

    /** Whether every event this rule matches is matched by {@code earlier} (so this rule never fires after it). */
    boolean shadowedBy(TriageRuleInput earlier) {
        return (ANY.equals(earlier.category) || earlier.category.equals(category))
                && (ANY.equals(earlier.severity) || earlier.severity.equals(severity));
    }
}
