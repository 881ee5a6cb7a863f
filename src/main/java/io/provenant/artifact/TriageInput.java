package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The routing of one feedback event to a review queue, by the triage rule version that routed it. */
@org.eclipse.microprofile.graphql.Input("TriageInput")
public record TriageInput(String key, String version, String project, String supersedes,
        String feedback, String ruleVersion, String category, String severity, String queue, Integer priority)
        implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.TRIAGE;
    }

    @Override
    public void validate() {
        Checks.ref("feedback", feedback, Kind.FEEDBACK);
        Checks.text("ruleVersion", ruleVersion, 200);
        Checks.text("category", category, 200);
        Checks.text("severity", severity, 50);
        Checks.text("queue", queue, 200);
        Checks.required("priority", priority);
        Checks.range("priority", priority, 0, 1000);
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("feedback", EdgeType.TRIAGES, Checks.ref("feedback", feedback, Kind.FEEDBACK)));
        supersedesLink(links);
        return links;
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("queue", queue, "priority", priority, "category", category, "severity", severity,
                "ruleVersion", ruleVersion);
    }
}
