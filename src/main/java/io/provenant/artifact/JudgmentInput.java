package io.provenant.artifact;

import java.util.List;

import io.provenant.api.ProvenantError;

/** The human judgment h: a rating, a preference between two responses, or violation labels. */
@org.eclipse.microprofile.graphql.Input("JudgmentInput")
public record JudgmentInput(JudgmentType type, Double rating, PreferenceChoice preference, List<String> violations,
        String comment) {

    void validate(String field) {
        Checks.required(field + ".type", type);
        switch (type) {
            case RATING -> Checks.required(field + ".rating", rating);
            case PREFERENCE -> Checks.required(field + ".preference", preference);
            case VIOLATION -> Checks.required(field + ".violations", violations);
        }
        if (type != JudgmentType.RATING && rating != null) {
            throw ProvenantError.invalid(field + ".rating", "only a RATING judgment has a rating.");
        }
        if (type != JudgmentType.PREFERENCE && preference != null) {
            throw ProvenantError.invalid(field + ".preference", "only a PREFERENCE judgment has a preference.");
        }
        if (violations != null) {
            for (int i = 0; i < violations.size(); i++) {
                Checks.text(field + ".violations[" + i + "]", violations.get(i), 200);
            }
        }
        Checks.optionalText(field + ".comment", comment, 20_000);
    }

    /** The label as one string, for grouping and display: "4.0", "RESPONSE", "hate,violence" or "none". */
    public String label() {
        return switch (type) {
            case RATING -> rating.toString();
            case PREFERENCE -> preference.name();
            case VIOLATION -> violations.isEmpty() ? "none" : String.join(",", violations.stream().sorted().toList());
        };
    }

    /** Checks the judgment against the rubric's label schema (as registered). */
    void validateAgainst(String field, com.fasterxml.jackson.databind.JsonNode labelSchema, String rubric) {
        String expected = labelSchema.path("type").asText();
        if (!expected.equals(type.name())) {
            throw ProvenantError.invalid(field + ".type", "is " + type + " but " + rubric + " expects " + expected + " judgments.");
        }
        if (type == JudgmentType.RATING) {
            double min = labelSchema.path("ratingMin").asDouble();
            double max = labelSchema.path("ratingMax").asDouble();
            Checks.range(field + ".rating", rating, min, max);
        }
        if (type == JudgmentType.VIOLATION) {
            List<String> allowed = new java.util.ArrayList<>();
            labelSchema.path("violationLabels").forEach(node -> allowed.add(node.asText()));
            for (int i = 0; i < violations.size(); i++) {
                if (!allowed.contains(violations.get(i))) {
                    throw ProvenantError.invalid(field + ".violations[" + i + "]",
                            "'" + violations.get(i) + "' is not a label of " + rubric + " (" + String.join(", ", allowed) + ").");
                }
            }
        }
    }
}
