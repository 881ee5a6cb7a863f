package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A human who labels: stable id (the key), role and review tier. Calibration history links to it. */
@org.eclipse.microprofile.graphql.Input("ReviewerInput")
public record ReviewerInput(String key, String version, String project, String supersedes,
        String role, Integer tier) implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.REVIEWER;
    }

    @Override
    public void validate() {
        Checks.text("role", role, 200);
        Checks.required("tier", tier);
        Checks.range("tier", tier, 0, 100);
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        supersedesLink(links);
        return links;
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("role", role, "tier", tier);
    }
}
