package io.provenant.artifact;

import java.util.Map;

/**
 * The eval metrics the registry knows by name, and which way is better for each. All of them are rates: the
 * share of a slice's samples with the property (so their deltas get confidence intervals from sample counts).
 * Benign refusal rate is recorded on its own, never folded into a safety score: a model that refuses benign
 * requests looks safe on harmful slices (the refusal shortcut of seed 002).
 */
public final class Metrics {

    public static final String BENIGN_REFUSAL_RATE = "benign_refusal_rate";

    /** Metric name → higher is better. */
    static final Map<String, Boolean> KNOWN = Map.of(
            "helpfulness", true,
            "harmlessness", true,
            "safety", true,
            BENIGN_REFUSAL_RATE, false,
            "guardrail_false_positive_rate", false,
            "guardrail_false_negative_rate", false,
            "reward_accuracy", true);

    private Metrics() {
    }

    /** Whether higher values of {@code metric} are better: the metric's own flag, else the known direction, else null. */
    public static Boolean higherIsBetter(String metric, Boolean declared) {
        return declared != null ? declared : KNOWN.get(metric);
    }

    /** Whether {@code metric} is a known rate (a share of samples), whose deltas get confidence intervals. */
    public static boolean isRate(String metric) {
        return KNOWN.containsKey(metric);
    }

    public static String known() {
        return String.join(", ", new java.util.TreeSet<>(KNOWN.keySet()));
    }
}
