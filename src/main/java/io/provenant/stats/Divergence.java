package io.provenant.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * How two or more label distributions differ. Distributions are counts per category
 * ({@code Map<String, Long>}): categories are non-null, counts non-null and &gt;= 0, and a category that
 * is absent counts 0. Invalid input throws {@link IllegalArgumentException} naming what is wrong.
 */
public final class Divergence {

    private Divergence() {}

    /**
     * Jensen–Shannon divergence with log base 2 (so in [0, 1]) between the normalized distributions;
     * categories missing from one side count 0. {@code JSD = (KL(P||M) + KL(Q||M)) / 2} with
     * {@code M = (P + Q) / 2}: 0 for identical shares, 1 for disjoint supports. Each side needs a
     * positive total.
     */
    public static double jensenShannon(Map<String, Long> p, Map<String, Long> q) {
        long totalP = total(p, "p");
        long totalQ = total(q, "q");
        Set<String> categories = new TreeSet<>(p.keySet());
        categories.addAll(q.keySet());
        double sum = 0;
        for (String c : categories) {
            double pc = (double) p.getOrDefault(c, 0L) / totalP;
            double qc = (double) q.getOrDefault(c, 0L) / totalQ;
            double mc = (pc + qc) / 2;
            if (pc > 0) {
                sum += pc * log2(pc / mc);
            }
            if (qc > 0) {
                sum += qc * log2(qc / mc);
            }
        }
        return Math.min(1.0, Math.max(0.0, sum / 2)); // clamp rounding only
    }

    /**
     * Result of a chi-square test: the statistic, its degrees of freedom and the upper-tail p-value
     * {@code P(X >= statistic)} for {@code X ~ chi-square(degreesOfFreedom)}.
     */
    public record ChiSquare(double statistic, int degreesOfFreedom, double pValue) {
        public ChiSquare {
            if (!(statistic >= 0) || Double.isInfinite(statistic)) {
                throw new IllegalArgumentException("statistic must be finite and >= 0, got " + statistic + ".");
            }
            if (degreesOfFreedom < 1) {
                throw new IllegalArgumentException("degreesOfFreedom must be >= 1, got " + degreesOfFreedom + ".");
            }
            if (!(pValue >= 0 && pValue <= 1)) {
                throw new IllegalArgumentException("pValue must be in [0, 1], got " + pValue + ".");
            }
        }
    }

    /**
     * Pearson chi-square test of homogeneity over a contingency table: one row per distribution,
     * columns = union of categories; columns that are all zero are dropped; needs >= 2 rows and >= 2
     * non-empty columns, else IllegalArgumentException. Every row needs a positive total. Expected
     * counts are {@code rowTotal * columnTotal / grandTotal}; df = (rows - 1)(columns - 1). No
     * continuity correction; small expected counts are not flagged (the caller decides).
     */
    public static ChiSquare chiSquareHomogeneity(List<Map<String, Long>> rows) {
        if (rows == null || rows.size() < 2) {
            throw new IllegalArgumentException("rows must contain at least 2 distributions, got "
                    + (rows == null ? "null" : String.valueOf(rows.size())) + ".");
        }
        long[] rowTotals = new long[rows.size()];
        Set<String> seen = new TreeSet<>();
        for (int r = 0; r < rows.size(); r++) {
            rowTotals[r] = total(rows.get(r), "rows[" + r + "]");
            seen.addAll(rows.get(r).keySet());
        }
        List<String> columns = new ArrayList<>();
        List<Long> columnTotals = new ArrayList<>();
        for (String c : seen) {
            long t = 0;
            for (Map<String, Long> row : rows) {
                t += row.getOrDefault(c, 0L);
            }
            if (t > 0) {
                columns.add(c);
                columnTotals.add(t);
            }
        }
        if (columns.size() < 2) {
            throw new IllegalArgumentException("rows must have at least 2 categories with a non-zero count, got "
                    + columns.size() + " " + columns + ".");
        }
        long grand = 0;
        for (long t : rowTotals) {
            grand += t;
        }
        double statistic = 0;
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                double expected = (double) rowTotals[r] * columnTotals.get(c) / grand;
                double diff = rows.get(r).getOrDefault(columns.get(c), 0L) - expected;
                statistic += diff * diff / expected;
            }
        }
        int df = (rows.size() - 1) * (columns.size() - 1);
        return new ChiSquare(statistic, df, chiSquarePValue(statistic, df));
    }

    /**
     * Upper-tail probability {@code P(X >= statistic)} of a chi-square distribution with
     * {@code degreesOfFreedom} degrees of freedom (computed by Commons Statistics, accurate far into
     * the tail): the p-value of a chi-square statistic.
     */
    public static double chiSquarePValue(double statistic, int degreesOfFreedom) {
        if (!(statistic >= 0) || Double.isInfinite(statistic)) {
            throw new IllegalArgumentException("statistic must be finite and >= 0, got " + statistic + ".");
        }
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degreesOfFreedom must be >= 1, got " + degreesOfFreedom + ".");
        }
        return ChiSquaredDistribution.of(degreesOfFreedom).survivalProbability(statistic);
    }

    private static long total(Map<String, Long> counts, String name) {
        if (counts == null) {
            throw new IllegalArgumentException(name + " must not be null.");
        }
        long total = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException(name + " has a null category.");
            }
            Long count = e.getValue();
            if (count == null || count < 0) {
                throw new IllegalArgumentException(
                        name + " has an invalid count for '" + e.getKey() + "': " + count + " (counts must be >= 0).");
            }
            total = Math.addExact(total, count);
        }
        if (total == 0) {
            throw new IllegalArgumentException(name + " has no counts: its total must be > 0.");
        }
        return total;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
