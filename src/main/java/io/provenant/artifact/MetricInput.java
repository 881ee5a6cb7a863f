package io.provenant.artifact;

import org.eclipse.microprofile.graphql.Description;

import io.provenant.api.ProvenantError;

/**
 * One measured value on one eval slice, with the number of samples behind it, and the reference checkpoint's
 * value on the same slice (for the regression deltas). {@code promptTemplate} is set for results under an
 * alternative prompt template (template overfit); unset, the result is under the eval run's main template.
 */
@org.eclipse.microprofile.graphql.Input("MetricInput")
public record MetricInput(String slice, String metric, Double value, Integer sampleCount,
        @Description("The reference checkpoint's value on the same slice; required under the main template when the eval run"
                + " names a reference.")
        Double referenceValue,
        @Description("Samples behind referenceValue; defaults to sampleCount.") Integer referenceSampleCount,
        @Description("An alternative prompt template this result was measured under; unset: the run's main template.")
        String promptTemplate,
        @Description("Whether higher is better; required for metrics the registry does not know by name.") Boolean higherIsBetter) {

    void validate(String field, boolean hasReference, boolean mainTemplate) {
        Checks.text(field + ".slice", slice, 200);
        Checks.text(field + ".metric", metric, 200);
        Checks.required(field + ".value", value);
        Checks.range(field + ".value", value, -Double.MAX_VALUE, Double.MAX_VALUE);
        Checks.required(field + ".sampleCount", sampleCount);
        Checks.range(field + ".sampleCount", sampleCount, 1, Integer.MAX_VALUE);
        Checks.range(field + ".referenceValue", referenceValue, -Double.MAX_VALUE, Double.MAX_VALUE);
        Checks.range(field + ".referenceSampleCount", referenceSampleCount, 1, Integer.MAX_VALUE);
        Checks.optionalText(field + ".promptTemplate", promptTemplate, Checks.MAX_NAME);
        if (Metrics.higherIsBetter(metric, higherIsBetter) == null) {
            throw ProvenantError.invalid(field + ".higherIsBetter", "is required for metric '" + metric
                    + "', which the registry does not know (known: " + Metrics.known() + ").");
        }
        if (Metrics.KNOWN.containsKey(metric)) {
            Checks.range(field + ".value", value, 0, 1);
            Checks.range(field + ".referenceValue", referenceValue, 0, 1);
        }
        if (hasReference && mainTemplate && referenceValue == null) {
            throw ProvenantError.invalid(field + ".referenceValue", "is required: the eval run compares with a reference checkpoint.");
        }
        if (!hasReference && referenceValue != null) {
            throw ProvenantError.invalid(field + ".referenceValue", "needs the eval run's reference checkpoint.");
        }
    }

    /** Samples behind the reference value. */
    public int referenceSamples() {
        return referenceSampleCount == null ? sampleCount : referenceSampleCount;
    }
}
