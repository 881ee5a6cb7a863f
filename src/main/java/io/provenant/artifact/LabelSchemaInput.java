package io.provenant.artifact;

import java.util.List;

import io.provenant.api.ProvenantError;

/** The labels a rubric allows: a rating scale, a preference, or a set of violation labels. */
@org.eclipse.microprofile.graphql.Input("LabelSchemaInput")
public record LabelSchemaInput(JudgmentType type, Double ratingMin, Double ratingMax, List<String> violationLabels) {

    void validate(String field) {
        Checks.required(field + ".type", type);
        if (type == JudgmentType.RATING) {
            Checks.required(field + ".ratingMin", ratingMin);
            Checks.required(field + ".ratingMax", ratingMax);
            if (ratingMin >= ratingMax) {
                throw ProvenantError.invalid(field + ".ratingMax", "must be greater than ratingMin.");
            }
        }
        if (type == JudgmentType.VIOLATION && (violationLabels == null || violationLabels.isEmpty())) {
            throw ProvenantError.invalid(field + ".violationLabels", "a VIOLATION schema needs at least one label.");
        }
        if (violationLabels != null) {
            for (int i = 0; i < violationLabels.size(); i++) {
                Checks.text(field + ".violationLabels[" + i + "]", violationLabels.get(i), 200);
            }
        }
    }
}
