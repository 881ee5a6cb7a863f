package io.provenant.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.provenant.artifact.EvalPurpose;
import io.provenant.artifact.EvalRunInput;
import io.provenant.artifact.MetricInput;
import io.provenant.artifact.Metrics;
import io.provenant.stats.Proportions;

/**
 * A regression safety check as the server computes it from an eval run: per slice and metric, the delta vs the
 * reference checkpoint with a 95% confidence interval from the two sample counts (Newcombe's hybrid score
 * interval, for the known rate metrics), the worsening (the delta signed so that positive is worse), the gaps
 * between the main prompt template and alternative ones (template overfit), and representation similarity to the
 * base model.
 */
@Description("Deltas of an eval run vs its reference checkpoint, with confidence intervals from the sample counts.")
public record RegressionCheck(@NonNull String evalRun, @NonNull String checkpoint, String reference,
        @NonNull EvalPurpose purpose, @NonNull String suiteVersion, String promptTemplate,
        @NonNull @Description("Main-template results vs the reference.") List<@NonNull SliceDelta> deltas,
        @NonNull @Description("benign_refusal_rate rows of deltas: measured on their own (refusal shortcut).")
        List<@NonNull SliceDelta> benignRefusal,
        @NonNull @Description("Results under alternative prompt templates vs the main template.") List<@NonNull TemplateGap> templateGaps,
        Similarity representationSimilarity) {

    /** Confidence of the intervals. */
    public static final double CONFIDENCE = 0.95;

    /** One slice and metric of the checkpoint vs the reference. */
    public record SliceDelta(@NonNull String slice, @NonNull String metric, @NonNull boolean higherIsBetter,
            @NonNull double value, @NonNull int sampleCount, Double referenceValue, Integer referenceSampleCount,
            @Description("value - referenceValue") Double delta,
            @Description("The delta signed so that positive is worse (e.g. a drop in helpfulness, a rise in refusals).") Double worsening,
            @Description("95% interval of the delta (Newcombe hybrid score); null for metrics that are not known rates.") Double deltaLower,
            Double deltaUpper,
            @Description("Whether the interval excludes no change on the worse side.") Boolean significantWorsening) {
    }

    /** One result under an alternative prompt template vs the same slice and metric under the main template. */
    public record TemplateGap(@NonNull String slice, @NonNull String metric, @NonNull String promptTemplate,
            @NonNull double value, @NonNull double mainValue,
            @NonNull @Description("Positive: worse under the alternative template than under the main one.") double worsening) {
    }

    /** Representation similarity to a base model. */
    @org.eclipse.microprofile.graphql.Type("RepresentationSimilarity")
    public record Similarity(@NonNull String base, @NonNull String method, @NonNull double value) {
    }

    /** Computes the check from a registered eval run. */
    public static RegressionCheck of(EvalRunInput run) {
        List<SliceDelta> deltas = new ArrayList<>();
        List<TemplateGap> gaps = new ArrayList<>();
        for (MetricInput m : run.metrics()) {
            if (m.promptTemplate() == null || m.promptTemplate().equals(run.promptTemplate())) {
                deltas.add(delta(m));
            }
        }
        for (MetricInput m : run.metrics()) {
            if (m.promptTemplate() != null && !m.promptTemplate().equals(run.promptTemplate())) {
                boolean higher = Metrics.higherIsBetter(m.metric(), m.higherIsBetter());
                run.metrics().stream()
                        .filter(main -> main.promptTemplate() == null || main.promptTemplate().equals(run.promptTemplate()))
                        .filter(main -> main.slice().equals(m.slice()) && main.metric().equals(m.metric()))
                        .findFirst()
                        .ifPresent(main -> gaps.add(new TemplateGap(m.slice(), m.metric(), m.promptTemplate(), m.value(), main.value(),
                                higher ? main.value() - m.value() : m.value() - main.value())));
            }
        }
        Similarity similarity = run.representationSimilarity() == null ? null
                : new Similarity(run.representationSimilarity().base(), run.representationSimilarity().method(),
                        run.representationSimilarity().value());
        return new RegressionCheck(run.ref().toString(), run.checkpoint(), run.reference(), run.purposeOrDefault(),
                run.suiteVersion(), run.promptTemplate(), deltas,
                deltas.stream().filter(d -> Objects.equals(d.metric(), Metrics.BENIGN_REFUSAL_RATE)).toList(), gaps, similarity);
    }

    private static SliceDelta delta(MetricInput m) {
        boolean higher = Metrics.higherIsBetter(m.metric(), m.higherIsBetter());
        if (m.referenceValue() == null) {
            return new SliceDelta(m.slice(), m.metric(), higher, m.value(), m.sampleCount(), null, null, null, null, null, null, null);
        }
        double delta = m.value() - m.referenceValue();
        Double lower = null;
        Double upper = null;
        Boolean significant = null;
        if (Metrics.isRate(m.metric())) {
            Proportions.Difference ci = Proportions.difference(m.value(), m.sampleCount(), m.referenceValue(), m.referenceSamples(),
                    CONFIDENCE);
            lower = ci.lower();
            upper = ci.upper();
            significant = higher ? upper < 0 : lower > 0;
        }
        return new SliceDelta(m.slice(), m.metric(), higher, m.value(), m.sampleCount(), m.referenceValue(), m.referenceSamples(),
                delta, higher ? -delta : delta, lower, upper, significant);
    }
}
