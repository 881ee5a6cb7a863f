package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;

import io.provenant.api.ProvenantError;

/**
 * A versioned set of triage rules: feedback events name the rule version that routes them
 * ({@code triage.rules} on the event), and the server records the routing (queue, priority, matching rule)
 * in the event's journaled payload. Rules are tried in order and the first match wins; an event no rule
 * matches goes to {@code defaultQueue} with {@code defaultPriority}. A version never changes: new rules are
 * a new version (usually superseding the previous one).
 */
@org.eclipse.microprofile.graphql.Input("TriageInput")
public record TriageInput(String key, String version, String project, String supersedes,
        @Description("Tried in order; the first rule matching the event's category and severity routes it.") List<TriageRuleInput> rules,
        @Description("The queue of events no rule matches.") String defaultQueue,
        @Description("The priority of events no rule matches (0..1000; lower is more urgent).") Integer defaultPriority)
        implements RegistrationInput {

    public static final int MAX_RULES = 1_000;
    /** {@link FeedbackTriageInput#matchedRule()} of an event no rule matched. */
    public static final String DEFAULT = "default";

    @Override
    public Kind kind() {
        return Kind.TRIAGE;
    }

    @Override
    public void validate() {
        List<TriageRuleInput> list = rules == null ? List.of() : rules;
        if (list.size() > MAX_RULES) {
            throw ProvenantError.invalid("rules", "has " + list.size() + " rules; at most " + MAX_RULES + " are allowed.");
        }
        for (int i = 0; i < list.size(); i++) {
            Checks.required("rules[" + i + "]", list.get(i)).validate("rules[" + i + "]");
            for (int j = 0; j < i; j++) {
                if (list.get(i).shadowedBy(list.get(j))) {
                    throw ProvenantError.invalid("rules[" + i + "]", "never matches: rules[" + j + "] (" + list.get(j).category()
                            + ", " + list.get(j).severity() + ") comes first and matches every event it would.");
                }
            }
        }
        Checks.text("defaultQueue", defaultQueue, 200);
        Checks.required("defaultPriority", defaultPriority);
        Checks.range("defaultPriority", defaultPriority, 0, 1000);
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        supersedesLink(links);
        return links;
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("ruleCount", rules == null ? 0 : rules.size(), "defaultQueue", defaultQueue, "defaultPriority", defaultPriority);
    }

    /** The routing of an event of this category and severity: the first matching rule, else the default. */
    public FeedbackTriageInput route(String rulesRef, String category, String severity) {
        List<TriageRuleInput> list = rules == null ? List.of() : rules;
        for (int i = 0; i < list.size(); i++) {
            TriageRuleInput rule = list.get(i);
            if (rule.matches(category, severity)) {
                return new FeedbackTriageInput(rulesRef, category, severity, rule.queue(), rule.priority(), "rules[" + i + "]");
            }
        }
        return new FeedbackTriageInput(rulesRef, category, severity, defaultQueue, defaultPriority, DEFAULT);
    }
}
