package io.provenant.stats;

import static io.provenant.stats.AgreementTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProportionsTest {

    /**
     * Published values are rounded to 4 decimals (error up to 5e-5); 6e-5 also admits 6/7 - 2/7, whose
     * upper limit is 0.8062500 to 7 decimals and is printed as 0.8062.
     */
    private static final double PUBLISHED = 6e-5;

    @Test
    void differenceMatchesNewcombeTableTwoMethodTen() {
        // Newcombe RG (1998), "Interval estimation for the difference between independent proportions:
        // comparison of eleven methods", Statistics in Medicine 17:873-890, Table II, method 10
        // (score interval without continuity correction), 95%: {k1, n1, k2, n2, delta, lower, upper}.
        double[][] table = {
            {56, 70, 48, 80, 0.2000, 0.0524, 0.3339}, // (a)
            {9, 10, 3, 10, 0.6000, 0.1705, 0.8090}, // (b)
            {6, 7, 2, 7, 0.5714, 0.0582, 0.8062}, // (c)
            {5, 56, 0, 29, 0.0893, -0.0381, 0.1926}, // (d)
            {0, 10, 0, 20, 0.0000, -0.1611, 0.2775}, // (e)
            {0, 10, 0, 10, 0.0000, -0.2775, 0.2775}, // (f)
            {10, 10, 0, 20, 1.0000, 0.6791, 1.0000}, // (g)
            {10, 10, 0, 10, 1.0000, 0.6075, 1.0000}, // (h)
        };
        for (double[] row : table) {
            long n1 = (long) row[1];
            long n2 = (long) row[3];
            Proportions.Difference d = Proportions.difference(row[0] / n1, n1, row[2] / n2, n2, 0.95);
            String example = (long) row[0] + "/" + n1 + " - " + (long) row[2] + "/" + n2;
            assertEquals(row[4], d.delta(), PUBLISHED, example + " delta");
            assertEquals(row[5], d.lower(), PUBLISHED, example + " lower");
            assertEquals(row[6], d.upper(), PUBLISHED, example + " upper");
        }
    }

    @Test
    void differenceIsAntisymmetric() {
        Proportions.Difference forward = Proportions.difference(56 / 70.0, 70, 48 / 80.0, 80, 0.95);
        Proportions.Difference backward = Proportions.difference(48 / 80.0, 80, 56 / 70.0, 70, 0.95);
        assertEquals(-forward.delta(), backward.delta(), 1e-15);
        assertEquals(-forward.upper(), backward.lower(), 1e-15);
        assertEquals(-forward.lower(), backward.upper(), 1e-15);
    }

    @Test
    void wilsonMatchesNewcombeSingleProportionTableOne() {
        // Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of
        // seven methods", Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score interval
        // without continuity correction), 95%: {k, n, lower, upper}.
        double[][] table = {
            {81, 263, 0.2553, 0.3662},
            {15, 148, 0.0624, 0.1605},
            {0, 20, 0.0000, 0.1611},
            {1, 29, 0.0061, 0.1718},
            {29, 29, 0.8830, 1.0000},
        };
        for (double[] row : table) {
            long n = (long) row[1];
            Proportions.Interval w = Proportions.wilson(row[0] / n, n, 0.95);
            String example = (long) row[0] + "/" + n;
            assertEquals(row[2], w.lower(), PUBLISHED, example + " lower");
            assertEquals(row[3], w.upper(), PUBLISHED, example + " upper");
        }
        // Exactly at the edges, never outside [0, 1].
        assertEquals(0.0, Proportions.wilson(0, 20, 0.95).lower());
        assertEquals(1.0, Proportions.wilson(1, 29, 0.95).upper());
    }

    @Test
    void wilsonWidensWithConfidence() {
        // z = 1.959964 at 95%, 2.575829 at 99%: 5/10 -> 0.2366 to 0.7634 at 95% (hand: (0.5 + 0.19208) /
        // 1.38415 +- 1.959964 * sqrt(0.025 + 0.009604) / 1.38415).
        Proportions.Interval ninetyFive = Proportions.wilson(0.5, 10, 0.95);
        Proportions.Interval ninetyNine = Proportions.wilson(0.5, 10, 0.99);
        assertEquals(0.2366, ninetyFive.lower(), PUBLISHED);
        assertEquals(0.7634, ninetyFive.upper(), PUBLISHED);
        assertTrue(ninetyNine.lower() < ninetyFive.lower() && ninetyNine.upper() > ninetyFive.upper());
    }

    @Test
    void rejectsInvalidInputWithAMessageNamingTheProblem() {
        assertRejected(() -> Proportions.wilson(1.2, 10, 0.95), "p must be a proportion in [0, 1], got 1.2");
        assertRejected(() -> Proportions.wilson(-0.1, 10, 0.95), "p must be a proportion in [0, 1]");
        assertRejected(() -> Proportions.wilson(Double.NaN, 10, 0.95), "p must be a proportion in [0, 1]");
        assertRejected(() -> Proportions.wilson(0.5, 0, 0.95), "n must be >= 1, got 0");
        assertRejected(() -> Proportions.wilson(0.5, 10, 1.0), "confidence must be strictly between 0 and 1, got 1.0");
        assertRejected(() -> Proportions.wilson(0.5, 10, 0), "confidence must be strictly between 0 and 1");
        assertRejected(() -> Proportions.wilson(0.5, 10, 95), "confidence must be strictly between 0 and 1");
        assertRejected(() -> Proportions.difference(0.5, 10, 1.5, 10, 0.95), "p2 must be a proportion in [0, 1], got 1.5");
        assertRejected(() -> Proportions.difference(-1, 10, 0.5, 10, 0.95), "p1 must be a proportion");
        assertRejected(() -> Proportions.difference(0.5, 0, 0.5, 10, 0.95), "n1 must be >= 1, got 0");
        assertRejected(() -> Proportions.difference(0.5, 10, 0.5, -3, 0.95), "n2 must be >= 1, got -3");
        assertRejected(() -> Proportions.difference(0.5, 10, 0.5, 10, 1.5), "confidence must be strictly between 0 and 1");
        assertRejected(() -> new Proportions.Interval(0.6, 0.4), "0 <= lower <= upper <= 1");
        assertRejected(() -> new Proportions.Difference(0.5, 0.6, 0.7), "lower <= delta <= upper");
    }
}
