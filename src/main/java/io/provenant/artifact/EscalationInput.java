package io.provenant.artifact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.provenant.api.ProvenantError;

/** A feedback event sent to a higher review tier, why, and (once known) its resolution. */
@org.eclipse.microprofile.graphql.Input("EscalationInput")
public record EscalationInput(String key, String version, String project, String supersedes,
        String feedback, Integer fromTier, Integer toTier, String reason, EscalationResolutionInput resolution)
        implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.ESCALATION;
    }

    @Override
    public void validate() {
        Checks.ref("feedback", feedback, Kind.FEEDBACK);
        Checks.required("fromTier", fromTier);
        Checks.required("toTier", toTier);
        if (toTier <= fromTier) {
            throw ProvenantError.invalid("toTier", "is " + toTier + "; an escalation goes to a higher tier than fromTier " + fromTier + ".");
        }
        Checks.text("reason", reason, 20_000);
        if (resolution != null) {
            resolution.validate("resolution");
        }
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("feedback", EdgeType.ESCALATES, Checks.ref("feedback", feedback, Kind.FEEDBACK)));
        if (resolution != null) {
            links.add(new Link("resolution.resolvedBy", EdgeType.RESOLVED_BY,
                    Checks.ref("resolution.resolvedBy", resolution.resolvedBy(), Kind.REVIEWER)));
        }
        supersedesLink(links);
        return links;
    }

    @Override
    public Map<String, Object> graphProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("fromTier", fromTier);
        properties.put("toTier", toTier);
        properties.put("resolved", resolution != null);
        return properties;
    }
}
