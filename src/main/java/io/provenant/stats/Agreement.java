package io.provenant.stats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreement between raters on nominal labels (category strings compared with {@link String#equals}).
 *
 * <p>Every method validates its input and throws {@link IllegalArgumentException} with a message that
 * names the argument and what is wrong with it. Labels are never {@code null}, except as the missing
 * values that {@link #krippendorffAlphaNominal} allows.
 *
 * <p>Chance-corrected coefficients are undefined (0/0) when the chance agreement is 1, that is when
 * every label given is one and the same category. By the usual convention this class then returns
 * 1.0: the raters agree perfectly, and there was nothing else they could have agreed on.
 */
public final class Agreement {

    private Agreement() {}

    /** Share of items where both raters gave the same label; a.size()==b.size()>0. */
    public static double percentAgreement(List<String> a, List<String> b) {
        requirePaired(a, b);
        long same = 0;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals(b.get(i))) {
                same++;
            }
        }
        return (double) same / a.size();
    }

    /**
     * Cohen's kappa of two raters over the same items (nominal): {@code (po - pe) / (1 - pe)}, where
     * {@code po} is the observed share of agreement and {@code pe = sum over categories of
     * pa(c) * pb(c)}, each rater's marginal shares (Cohen 1960).
     *
     * <p>When the expected agreement is 1 (both raters used one and the same single category, so the
     * observed agreement is 1 too) this returns 1.0, per the usual convention.
     */
    public static double cohensKappa(List<String> a, List<String> b) {
        requirePaired(a, b);
        int n = a.size();
        Map<String, Long> countsA = new HashMap<>();
        Map<String, Long> countsB = new HashMap<>();
        long same = 0;
        for (int i = 0; i < n; i++) {
            String x = a.get(i);
            String y = b.get(i);
            countsA.merge(x, 1L, Long::sum);
            countsB.merge(y, 1L, Long::sum);
            if (x.equals(y)) {
                same++;
            }
        }
        long products = 0; // sum over categories of countA(c) * countB(c), exact in integers
        for (Map.Entry<String, Long> e : countsA.entrySet()) {
            products += e.getValue() * countsB.getOrDefault(e.getKey(), 0L);
        }
        long nn = (long) n * n;
        if (products == nn) {
            return 1.0; // pe == 1: one shared category only, and then po == 1
        }
        double po = (double) same / n;
        double pe = (double) products / nn;
        return (po - pe) / (1 - pe);
    }

    /**
     * Fleiss' kappa (Fleiss 1971): ratingsPerItem.get(i) = the labels the raters gave item i; every item
     * must have the same number n >= 2 of ratings (the raters need not be the same people).
     * {@code kappa = (P - Pe) / (1 - Pe)} with {@code P} the mean over items of the share of agreeing
     * rater pairs and {@code Pe} the sum of the squared overall category shares.
     *
     * <p>When {@code Pe} is 1 (every rating is one and the same category) this returns 1.0, per the
     * usual convention.
     */
    public static double fleissKappa(List<List<String>> ratingsPerItem) {
        if (ratingsPerItem == null || ratingsPerItem.isEmpty()) {
            throw new IllegalArgumentException("ratingsPerItem must contain at least one item.");
        }
        int n = -1;
        long sumOfSquares = 0; // sum over items and categories of n_ij^2
        Map<String, Long> totals = new HashMap<>();
        for (int i = 0; i < ratingsPerItem.size(); i++) {
            List<String> ratings = ratingsPerItem.get(i);
            if (ratings == null) {
                throw new IllegalArgumentException("ratingsPerItem[" + i + "] is null.");
            }
            if (n < 0) {
                n = ratings.size();
                if (n < 2) {
                    throw new IllegalArgumentException(
                            "Every item needs at least 2 ratings, but ratingsPerItem[0] has " + n + ".");
                }
            } else if (ratings.size() != n) {
                throw new IllegalArgumentException("Every item must have the same number of ratings: ratingsPerItem[0] has "
                        + n + ", ratingsPerItem[" + i + "] has " + ratings.size() + ".");
            }
            Map<String, Long> counts = new HashMap<>();
            for (int r = 0; r < ratings.size(); r++) {
                String label = ratings.get(r);
                if (label == null) {
                    throw new IllegalArgumentException("ratingsPerItem[" + i + "][" + r + "] is null.");
                }
                counts.merge(label, 1L, Long::sum);
            }
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                sumOfSquares += e.getValue() * e.getValue();
                totals.merge(e.getKey(), e.getValue(), Long::sum);
            }
        }
        if (totals.size() == 1) {
            return 1.0; // Pe == 1: every rating is the same category, and then P == 1
        }
        long items = ratingsPerItem.size();
        long all = items * n;
        double meanAgreement = (double) (sumOfSquares - all) / ((double) all * (n - 1));
        double expected = 0;
        for (long total : totals.values()) {
            double share = (double) total / all;
            expected += share * share;
        }
        return (meanAgreement - expected) / (1 - expected);
    }

    /**
     * Krippendorff's alpha, nominal metric, missing data allowed (Krippendorff 2011, "Computing
     * Krippendorff's Alpha-Reliability"): units.get(u) = the labels coders gave unit u (nulls = missing;
     * units with &lt; 2 values are not pairable and ignored).
     *
     * <p>{@code alpha = 1 - (n - 1) * D / E}, with {@code n} the number of pairable values,
     * {@code D = sum over units of (m_u^2 - sum_c n_uc^2) / (m_u - 1)} the off-diagonal mass of the
     * coincidence matrix and {@code E = n^2 - sum_c n_c^2}.
     *
     * <p>When all pairable values are one and the same category ({@code E == 0}, alpha is 0/0) this
     * returns 1.0, as for the kappas above. No pairable unit at all is an error.
     */
    public static double krippendorffAlphaNominal(List<List<String>> units) {
        if (units == null || units.isEmpty()) {
            throw new IllegalArgumentException("units must contain at least one unit.");
        }
        long pairable = 0; // n
        double disagreement = 0; // D
        Map<String, Long> totals = new HashMap<>();
        for (int u = 0; u < units.size(); u++) {
            List<String> values = units.get(u);
            if (values == null) {
                throw new IllegalArgumentException("units[" + u + "] is null (use null labels inside it for missing values).");
            }
            Map<String, Long> counts = new HashMap<>();
            long m = 0;
            for (String value : values) {
                if (value != null) {
                    counts.merge(value, 1L, Long::sum);
                    m++;
                }
            }
            if (m < 2) {
                continue;
            }
            long squares = 0;
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                squares += e.getValue() * e.getValue();
                totals.merge(e.getKey(), e.getValue(), Long::sum);
            }
            disagreement += (double) (m * m - squares) / (m - 1);
            pairable += m;
        }
        if (pairable == 0) {
            throw new IllegalArgumentException("units has no pairable unit: every unit has fewer than 2 non-null values.");
        }
        if (totals.size() == 1) {
            return 1.0; // E == 0: one category only, and then D == 0
        }
        long squares = 0;
        for (long total : totals.values()) {
            squares += total * total;
        }
        double expected = (double) pairable * pairable - squares;
        return 1 - (pairable - 1) * disagreement / expected;
    }

    private static void requirePaired(List<String> a, List<String> b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("a and b must not be null.");
        }
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(
                    "a and b must rate the same items: a has " + a.size() + " labels, b has " + b.size() + ".");
        }
        if (a.isEmpty()) {
            throw new IllegalArgumentException("a and b must not be empty.");
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) == null) {
                throw new IllegalArgumentException("a[" + i + "] is null.");
            }
            if (b.get(i) == null) {
                throw new IllegalArgumentException("b[" + i + "] is null.");
            }
        }
    }
}
