package io.provenant.artifact;

/** One measured value on one eval slice, with the number of samples behind it. */
@org.eclipse.microprofile.graphql.Input("MetricInput")
public record MetricInput(String slice, String metric, Double value, Integer sampleCount) {

    void validate(String field) {
        Checks.text(field + ".slice", slice, 200);
        Checks.text(field + ".metric", metric, 200);
        Checks.required(field + ".value", value);
        Checks.range(field + ".value", value, -Double.MAX_VALUE, Double.MAX_VALUE);
        Checks.required(field + ".sampleCount", sampleCount);
        Checks.range(field + ".sampleCount", sampleCount, 1, Integer.MAX_VALUE);
    }
}
