package io.provenant.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Differences between two measured rates, with confidence intervals from sample counts. A rate is
 * given as a proportion {@code p} in [0, 1] measured on {@code n >= 1} samples (usually successes / n);
 * {@code confidence} is two-sided and strictly between 0 and 1 (e.g. 0.95, which uses z = 1.959964).
 * Invalid input throws {@link IllegalArgumentException} naming what is wrong.
 */
public final class Proportions {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private Proportions() {}

    /**
     * delta = p1 - p2 with a two-sided CI at `confidence` (e.g. 0.95), by Newcombe's hybrid score method
     * (Newcombe 1998, method 10: Wilson score intervals combined). p1,p2 in [0,1]; n1,n2 >= 1.
     */
    public record Difference(double delta, double lower, double upper) {
        public Difference {
            if (!(-1 <= lower && lower <= delta && delta <= upper && upper <= 1)) {
                throw new IllegalArgumentException(
                        "A difference needs -1 <= lower <= delta <= upper <= 1, got delta " + delta + " in [" + lower
                                + ", " + upper + "].");
            }
        }
    }

    /**
     * Newcombe (1998) method 10: with Wilson intervals (l1, u1) for p1 and (l2, u2) for p2,
     * {@code lower = delta - sqrt((p1 - l1)^2 + (u2 - p2)^2)} and
     * {@code upper = delta + sqrt((u1 - p1)^2 + (p2 - l2)^2)}.
     */
    public static Difference difference(double p1, long n1, double p2, long n2, double confidence) {
        Interval w1 = wilson(p1, n1, confidence, "p1", "n1");
        Interval w2 = wilson(p2, n2, confidence, "p2", "n2");
        double delta = p1 - p2;
        double lower = delta - Math.hypot(p1 - w1.lower(), w2.upper() - p2);
        double upper = delta + Math.hypot(w1.upper() - p1, p2 - w2.lower());
        return new Difference(delta, Math.max(-1, lower), Math.min(1, upper));
    }

    /** Wilson score interval of one proportion; within [0, 1], and [0, ..] exactly at p = 0, [.., 1] at p = 1. */
    public record Interval(double lower, double upper) {
        public Interval {
            if (!(0 <= lower && lower <= upper && upper <= 1)) {
                throw new IllegalArgumentException(
                        "An interval needs 0 <= lower <= upper <= 1, got [" + lower + ", " + upper + "].");
            }
        }
    }

    /**
     * Wilson (1927) score interval: {@code (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)} with z the
     * standard normal quantile at {@code 1 - (1 - confidence) / 2}.
     */
    public static Interval wilson(double p, long n, double confidence) {
        return wilson(p, n, confidence, "p", "n");
    }

    private static Interval wilson(double p, long n, double confidence, String pName, String nName) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(pName + " must be a proportion in [0, 1], got " + p + ".");
        }
        if (n < 1) {
            throw new IllegalArgumentException(nName + " must be >= 1, got " + n + ".");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be strictly between 0 and 1, got " + confidence + ".");
        }
        double z = STANDARD_NORMAL.inverseSurvivalProbability((1 - confidence) / 2);
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        double lower = p == 0 ? 0 : Math.max(0, Math.min(p, centre - half));
        double upper = p == 1 ? 1 : Math.min(1, Math.max(p, centre + half));
        return new Interval(lower, upper);
    }
}
