package io.provenant.artifact;

/** A human override of a gate rule, with its justification. */
@org.eclipse.microprofile.graphql.Input("OverrideInput")
public record OverrideInput(String by, String rule, String justification) {

    void validate(String field) {
        Checks.text(field + ".by", by, Checks.MAX_NAME);
        Checks.text(field + ".rule", rule, 200);
        Checks.text(field + ".justification", justification, 20_000);
    }
}
