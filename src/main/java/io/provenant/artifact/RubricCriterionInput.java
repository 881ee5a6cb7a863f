package io.provenant.artifact;

/** One criterion of a rubric: what reviewers judge, in words. */
@org.eclipse.microprofile.graphql.Input("RubricCriterionInput")
public record RubricCriterionInput(String name, String description) {

    void validate(String field) {
        Checks.text(field + ".name", name, Checks.MAX_NAME);
        Checks.text(field + ".description", description, 20_000);
    }
}
