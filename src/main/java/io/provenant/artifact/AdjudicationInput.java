package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

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
        // One item: every label judges the same normalized prompt and the same response (pair) as the first.
        JsonNode first = targets.payload(labels.get(0));
        String prompt = Digests.promptDigest(first.path("prompt").asText());
        String response = responseDigest(first);
        for (int i = 1; i < labels.size(); i++) {
            JsonNode label = targets.payload(labels.get(i));
            String differs = !Digests.promptDigest(label.path("prompt").asText()).equals(prompt) ? "prompt"
                    : !responseDigest(label).equals(response) ? "response" : null;
            if (differs != null) {
                throw ProvenantError.invalid("resolves[" + i + "]", "'" + labels.get(i) + "' judges another item than '"
                        + labels.get(0) + "' (a different " + differs + "): an adjudication resolves labels of one item,"
                        + " the same normalized prompt and the same response.");
            }
        }
        finalJudgment.validateAgainst("finalJudgment", targets.payload(Checks.ref("rubric", rubric, Kind.RUBRIC)).path("labelSchema"), rubric);
    }

    private static String responseDigest(JsonNode label) {
        JsonNode alternative = label.path("alternativeResponse");
        return Digests.responseDigest(label.path("response").asText(), alternative.isTextual() ? alternative.asText() : null);
    }

    /** The prompt digest of the item its labels judge (they share it, see {@link #validateAgainst}). */
    @Override
    public String promptDigest(Targets targets) {
        return Digests.promptDigest(targets.payload(Checks.refs("resolves", resolves, Kind.FEEDBACK, 2).get(0)).path("prompt").asText());
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("label", finalJudgment.label());
    }
}
