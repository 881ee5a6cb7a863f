package io.provenant.artifact;

/** A named setting, e.g. a hyperparameter {@code learning_rate = 1e-5}. */
@org.eclipse.microprofile.graphql.Input("ParameterInput")
public record ParameterInput(String name, String value) {

    void validate(String field) {
        Checks.text(field + ".name", name, 200);
        Checks.text(field + ".value", value, 20_000);
    }
}
