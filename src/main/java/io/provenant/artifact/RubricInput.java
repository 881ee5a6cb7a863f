package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.provenant.api.ProvenantError;

/**
 * An operational labeling guide implementing one policy version: criteria, label schema, and the
 * calibration agreement a reviewer needs to label under it.
 */
@org.eclipse.microprofile.graphql.Input("RubricInput")
public record RubricInput(String key, String version, String project, String supersedes,
        String policy, List<RubricCriterionInput> criteria, LabelSchemaInput labelSchema,
        Double calibrationThreshold) implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.RUBRIC;
    }

    @Override
    public void validate() {
        Checks.ref("policy", policy, Kind.POLICY);
        if (criteria == null || criteria.isEmpty()) {
            throw ProvenantError.invalid("criteria", "a rubric needs at least one criterion.");
        }
        for (int i = 0; i < criteria.size(); i++) {
            Checks.required("criteria[" + i + "]", criteria.get(i)).validate("criteria[" + i + "]");
        }
        Checks.required("labelSchema", labelSchema).validate("labelSchema");
        Checks.range("calibrationThreshold", calibrationThreshold, -1, 1);
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("policy", EdgeType.IMPLEMENTS, Checks.ref("policy", policy, Kind.POLICY)));
        supersedesLink(links);
        return links;
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("labelType", labelSchema.type().name());
    }
}
