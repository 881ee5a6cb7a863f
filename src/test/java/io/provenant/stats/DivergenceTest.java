package io.provenant.stats;

import static io.provenant.stats.AgreementTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DivergenceTest {

    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    @Test
    void jensenShannonOfIdenticalAndDisjointDistributions() {
        // Identical shares -> 0, whatever the sample sizes (counts are normalized first).
        assertEquals(0.0, Divergence.jensenShannon(Map.of("a", 1L, "b", 3L), Map.of("a", 10L, "b", 30L)), 1e-15);
        // Disjoint supports -> 1 with log base 2 (the maximum).
        assertEquals(1.0, Divergence.jensenShannon(Map.of("a", 5L), Map.of("b", 7L)), 1e-15);
        assertEquals(1.0, Divergence.jensenShannon(Map.of("a", 5L, "b", 0L), Map.of("a", 0L, "b", 7L)), 1e-15);
    }

    @Test
    void jensenShannonWorkedByHand() {
        // P = (1/2, 1/2), Q = (1, 0), M = (3/4, 1/4).
        // H(M) = -(3/4 log2 3/4 + 1/4 log2 1/4) = 2 - (3/4) log2 3; H(P) = 1; H(Q) = 0.
        // JSD = H(M) - (H(P) + H(Q)) / 2 = 3/2 - (3/4) log2 3 = 0.3112781.
        double expected = 1.5 - 0.75 * LOG2_3;
        assertEquals(0.3112781, expected, 1e-7);
        assertEquals(expected, Divergence.jensenShannon(Map.of("a", 1L, "b", 1L), Map.of("a", 4L)), 1e-12);
        // Symmetric in its arguments.
        assertEquals(expected, Divergence.jensenShannon(Map.of("a", 4L), Map.of("a", 1L, "b", 1L)), 1e-12);
    }

    @Test
    void chiSquareHomogeneityOfAgrestiPartyIdentificationByGender() {
        // Agresti, "An Introduction to Categorical Data Analysis", 2nd ed. (Wiley 2007), section 2.4,
        // Table 2.5: party identification by gender (General Social Survey).
        //            Democrat  Independent  Republican
        //   Females     762        327          468
        //   Males       484        239          477
        // Published: X^2 = 30.07 (G^2 = 30.02), df = 2, P-value < 0.001.
        // For df = 2 the upper tail is exactly exp(-x/2): exp(-30.0701/2) = 2.9536e-7.
        Map<String, Long> females = Map.of("democrat", 762L, "independent", 327L, "republican", 468L);
        Map<String, Long> males = Map.of("democrat", 484L, "independent", 239L, "republican", 477L);
        Divergence.ChiSquare test = Divergence.chiSquareHomogeneity(List.of(females, males));
        assertEquals(30.07, test.statistic(), 5e-3);
        assertEquals(2, test.degreesOfFreedom());
        assertEquals(Math.exp(-test.statistic() / 2), test.pValue(), 1e-18);
        assertEquals(2.9536e-7, test.pValue(), 1e-10);
    }

    @Test
    void chiSquareHomogeneityOfASmallTableWorkedByHand() {
        // 2x2 table (10, 20 | 30, 40): N = 100, ad - bc = -200,
        // X^2 = N (ad - bc)^2 / (r1 r2 c1 c2) = 100 * 40000 / (30 * 70 * 40 * 60) = 50/63 = 0.7936508, df = 1;
        // p = erfc(sqrt(X^2 / 2)) = 0.3729985 for df = 1.
        Map<String, Long> first = Map.of("yes", 10L, "no", 20L);
        Map<String, Long> second = Map.of("yes", 30L, "no", 40L);
        Divergence.ChiSquare test = Divergence.chiSquareHomogeneity(List.of(first, second));
        assertEquals(50.0 / 63, test.statistic(), 1e-12);
        assertEquals(1, test.degreesOfFreedom());
        assertEquals(0.3729985, test.pValue(), 1e-7);

        // An all-zero column is dropped (df stays 1), and a category missing from a map counts 0.
        Map<String, Long> withEmpty = new HashMap<>(first);
        withEmpty.put("unsure", 0L);
        Divergence.ChiSquare same = Divergence.chiSquareHomogeneity(List.of(withEmpty, second));
        assertEquals(test, same);
    }

    @Test
    void chiSquarePValueAtKnownQuantiles() {
        // Upper-tail critical values of the chi-square distribution, NIST/SEMATECH e-Handbook of
        // Statistical Methods, section 1.3.6.7.4: at 0.05, df 1: 3.841, df 2: 5.991, df 3: 7.815;
        // at 0.001, df 1: 10.828.
        // Full-precision quantiles used: 3.841458820694124, 5.991464547107979 (= -2 ln 0.05),
        // 7.814727903251178, 10.827566170662733.
        assertEquals(0.05, Divergence.chiSquarePValue(3.841458820694124, 1), 1e-12);
        assertEquals(0.05, Divergence.chiSquarePValue(5.991464547107979, 2), 1e-12);
        assertEquals(0.05, Divergence.chiSquarePValue(7.814727903251178, 3), 1e-12);
        assertEquals(0.001, Divergence.chiSquarePValue(10.827566170662733, 1), 1e-12);
        assertEquals(0.05, Divergence.chiSquarePValue(3.841, 1), 1e-4);
        assertEquals(1.0, Divergence.chiSquarePValue(0, 4), 0);
    }

    @Test
    void rejectsInvalidInputWithAMessageNamingTheProblem() {
        assertRejected(() -> Divergence.jensenShannon(Map.of(), Map.of("a", 1L)), "p has no counts");
        assertRejected(() -> Divergence.jensenShannon(Map.of("a", 1L), Map.of("a", 0L)), "q has no counts");
        assertRejected(() -> Divergence.jensenShannon(Map.of("a", -1L, "b", 2L), Map.of("a", 1L)), "'a': -1");
        assertRejected(() -> Divergence.jensenShannon(null, Map.of("a", 1L)), "p must not be null");
        Map<String, Long> nullKey = new HashMap<>();
        nullKey.put(null, 1L);
        assertRejected(() -> Divergence.jensenShannon(nullKey, Map.of("a", 1L)), "p has a null category");

        assertRejected(() -> Divergence.chiSquareHomogeneity(List.of(Map.of("a", 1L, "b", 2L))), "at least 2 distributions");
        assertRejected(() -> Divergence.chiSquareHomogeneity(null), "at least 2 distributions");
        assertRejected(
                () -> Divergence.chiSquareHomogeneity(List.of(Map.of("a", 1L, "b", 0L), Map.of("a", 3L))),
                "at least 2 categories with a non-zero count");
        assertRejected(
                () -> Divergence.chiSquareHomogeneity(List.of(Map.of("a", 1L, "b", 2L), Map.of("a", 0L))),
                "rows[1] has no counts");
        assertRejected(() -> Divergence.chiSquarePValue(-1, 1), "statistic must be finite and >= 0");
        assertRejected(() -> Divergence.chiSquarePValue(1, 0), "degreesOfFreedom must be >= 1");
    }
}
