package io.provenant.artifact;

/**
 * How close the checkpoint's hidden states stay to a base model's (e.g. linear CKA over a probe set): RLHF acts
 * largely as an output filter, so a large drop is a signal worth a look (seed 002).
 */
@org.eclipse.microprofile.graphql.Input("RepresentationSimilarityInput")
public record RepresentationSimilarityInput(String base, String method, Double value) {

    void validate(String field) {
        Checks.ref(field + ".base", base, Kind.CHECKPOINT);
        Checks.text(field + ".method", method, 200);
        Checks.required(field + ".value", value);
        Checks.range(field + ".value", value, -1, 1);
    }
}
