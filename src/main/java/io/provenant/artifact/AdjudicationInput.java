package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.provenant.api.ProvenantError;

/** Conflicting labels on the same item resolved into a final label, by an adjudicator, with a rationale. */
@org.eclipse.microprofile.graphql.Input("AdjudicationInput")
public record AdjudicationInput(String key, String version, String project, String supersedes,
        List<String> resolves, String adjudicator, String rubric, JudgmentInput finalJudgment, String rationale)
        implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.ADJUDICATION;
    }

    @Override
    public void validate() {
        Checks.refs("resolves", resolves, Kind.FEEDBACK, 2);
        Checks.ref("adjudicator", adjudicator, Kind.REVIEWER);
        Checks.ref("rubric", rubric, Kind.RUBRIC);
        Checks.required("finalJudgment", finalJudgment).validate("finalJudgment");
        Checks.text("rationale", rationale, 20_000);
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        Checks.links(links, "resolves", Checks.refs("resolves", resolves, Kind.FEEDBACK, 2), EdgeType.RESOLVES);
        links.add(new Link("adjudicator", EdgeType.ADJUDICATED_BY, Checks.ref("adjudicator", adjudicator, Kind.REVIEWER)));
        links.add(new Link("rubric", EdgeType.UNDER_RUBRIC, Checks.ref("rubric", rubric, Kind.RUBRIC)));
        supersedesLink(links);
        return links;
    }

    @Override
    public void validateAgainst(Targets targets) {
        List<ArtifactRef> labels = Checks.refs("resolves", resolves, Kind.FEEDBACK, 2);
        for (int i = 0; i < labels.size(); i++) {
            String labelRubric = targets.payload(labels.get(i)).path("rubric").asText();
            if (!labelRubric.equals(rubric)) {
                throw ProvenantError.invalid("resolves[" + i + "]", "'" + labels.get(i) + "' was labeled under "
                        + labelRubric + ", not " + rubric + ": an adjudication resolves labels under one rubric version.");
            }
        }
        finalJudgment.validateAgainst("finalJudgment", targets.payload(Checks.ref("rubric", rubric, Kind.RUBRIC)).path("labelSchema"), rubric);
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("label", finalJudgment.label());
    }
}
