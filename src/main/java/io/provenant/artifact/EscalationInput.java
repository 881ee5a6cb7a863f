package io.provenant.artifact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.provenant.api.ProvenantError;

/**
 * A feedback event sent to a higher review tier, and why. Its resolution (by whom, outcome, the new label)
 * usually arrives later, as a new version that supersedes the open one (artifacts are immutable): it must
 * escalate the same feedback between the same tiers, be resolved by a reviewer of at least {@code toTier},
 * and its new label must fit the label schema of the feedback's rubric.
 */
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
    public void validateAgainst(Targets targets) {
        ArtifactRef event = Checks.ref("feedback", feedback, Kind.FEEDBACK);
        if (supersedes != null) {
            EscalationInput previous = (EscalationInput) targets.input(Checks.ref("supersedes", supersedes, Kind.ESCALATION));
            if (!previous.feedback().equals(feedback)) {
                throw ProvenantError.invalid("feedback", "is " + feedback + " but " + supersedes + " escalates "
                        + previous.feedback() + ": a new version of an escalation escalates the same feedback.");
            }
            if (!previous.fromTier().equals(fromTier) || !previous.toTier().equals(toTier)) {
                throw ProvenantError.invalid(previous.fromTier().equals(fromTier) ? "toTier" : "fromTier", "tiers "
                        + fromTier + " → " + toTier + " differ from " + supersedes + " (" + previous.fromTier() + " → "
                        + previous.toTier() + "): a new version of an escalation keeps its tiers; escalate again instead.");
            }
        }
        if (resolution != null) {
            ArtifactRef resolver = Checks.ref("resolution.resolvedBy", resolution.resolvedBy(), Kind.REVIEWER);
            int tier = targets.payload(resolver).path("tier").asInt();
            if (tier < toTier) {
                throw ProvenantError.invalid("resolution.resolvedBy", resolver + " is a tier " + tier
                        + " reviewer; an escalation to tier " + toTier + " is resolved at tier " + toTier + " or higher.");
            }
            if (resolution.judgment() != null) {
                String rubric = targets.payload(event).path("rubric").asText();
                resolution.judgment().validateAgainst("resolution.judgment",
                        targets.payload(Checks.ref("rubric", rubric, Kind.RUBRIC)).path("labelSchema"), rubric);
            }
        }
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
