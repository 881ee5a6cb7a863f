package io.provenant.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AgreementTest {

    /** Two raters' labels from a 2x2 table: both yes, A yes/B no, A no/B yes, both no. */
    private static List<List<String>> twoByTwo(int yesYes, int yesNo, int noYes, int noNo) {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        add(a, b, "yes", "yes", yesYes);
        add(a, b, "yes", "no", yesNo);
        add(a, b, "no", "yes", noYes);
        add(a, b, "no", "no", noNo);
        return List.of(a, b);
    }

    private static void add(List<String> a, List<String> b, String x, String y, int times) {
        a.addAll(Collections.nCopies(times, x));
        b.addAll(Collections.nCopies(times, y));
    }

    @Test
    void cohensKappaOfWikipediaWorkedExample() {
        // Wikipedia, "Cohen's kappa", worked example: 50 grant proposals read by A and B;
        // 20 both yes, 15 both no, A yes/B no 5, A no/B yes 10.
        // po = 35/50 = 0.7, pe = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
        List<List<String>> r = twoByTwo(20, 5, 10, 15);
        assertEquals(0.7, Agreement.percentAgreement(r.get(0), r.get(1)), 1e-12);
        assertEquals(0.4, Agreement.cohensKappa(r.get(0), r.get(1)), 1e-12);
    }

    @Test
    void cohensKappaDependsOnMarginalsAtEqualAgreement() {
        // Wikipedia, "Cohen's kappa", the pair of 100-item tables that both agree on 60%:
        // (45, 15, 25, 15): pe = 0.6*0.7 + 0.4*0.3 = 0.54, kappa = 0.06/0.46 = 0.1304;
        // (25, 35, 5, 35):  pe = 0.6*0.3 + 0.4*0.7 = 0.46, kappa = 0.14/0.54 = 0.2593.
        List<List<String>> first = twoByTwo(45, 15, 25, 15);
        List<List<String>> second = twoByTwo(25, 35, 5, 35);
        assertEquals(0.6, Agreement.percentAgreement(first.get(0), first.get(1)), 1e-12);
        assertEquals(0.6, Agreement.percentAgreement(second.get(0), second.get(1)), 1e-12);
        assertEquals(0.1304, Agreement.cohensKappa(first.get(0), first.get(1)), 5e-5);
        assertEquals(6.0 / 46, Agreement.cohensKappa(first.get(0), first.get(1)), 1e-12);
        assertEquals(0.2593, Agreement.cohensKappa(second.get(0), second.get(1)), 5e-5);
        assertEquals(14.0 / 54, Agreement.cohensKappa(second.get(0), second.get(1)), 1e-12);
    }

    @Test
    void cohensKappaEdgeCases() {
        // Perfect agreement on two categories: po = 1 -> kappa = 1.
        assertEquals(1.0, Agreement.cohensKappa(List.of("a", "b", "a"), List.of("a", "b", "a")), 1e-12);
        // pe = 1 (one shared category only): 0/0, returned as 1.0 by the documented convention.
        assertEquals(1.0, Agreement.cohensKappa(List.of("a", "a", "a"), List.of("a", "a", "a")));
        // Complete, systematic disagreement: po = 0, pe = 0.5 -> kappa = -1.
        assertEquals(-1.0, Agreement.cohensKappa(List.of("a", "b"), List.of("b", "a")), 1e-12);
        // Label sets need not be the same: A says "x" once where B never does.
        // po = 2/3; pa = {a: 2/3, x: 1/3}, pb = {a: 1}; pe = 2/3 -> kappa = 0.
        assertEquals(0.0, Agreement.cohensKappa(List.of("a", "a", "x"), List.of("a", "a", "a")), 1e-12);
    }

    @Test
    void fleissKappaOfWikipediaWorkedExample() {
        // Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories; the table
        // gives per subject how many raters chose category 1..5. Published: P-bar = 0.378,
        // P-bar_e = 0.213, kappa = 0.210. Exactly: P-bar = 688/1820, P-bar_e = 4170/19600,
        // kappa = 4211/20059 = 0.2099307.
        int[][] counts = {
            {0, 0, 0, 0, 14},
            {0, 2, 6, 4, 2},
            {0, 0, 3, 5, 6},
            {0, 3, 9, 2, 0},
            {2, 2, 8, 1, 1},
            {7, 7, 0, 0, 0},
            {3, 2, 6, 3, 0},
            {2, 5, 3, 2, 2},
            {6, 5, 2, 1, 0},
            {0, 2, 2, 3, 7},
        };
        List<List<String>> items = new ArrayList<>();
        for (int[] row : counts) {
            List<String> ratings = new ArrayList<>();
            for (int category = 0; category < row.length; category++) {
                ratings.addAll(Collections.nCopies(row[category], String.valueOf(category + 1)));
            }
            items.add(ratings);
        }
        double kappa = Agreement.fleissKappa(items);
        assertEquals(0.210, kappa, 5e-4);
        assertEquals(4211.0 / 20059, kappa, 1e-12);
    }

    @Test
    void fleissKappaEdgeCases() {
        // All ratings one category: Pe = 1, returned as 1.0 by the documented convention.
        assertEquals(1.0, Agreement.fleissKappa(List.of(List.of("a", "a"), List.of("a", "a"))));
        // Every item split evenly between two categories with 2 raters: P-bar = 0, Pe = 0.5 -> -1.
        assertEquals(-1.0, Agreement.fleissKappa(List.of(List.of("a", "b"), List.of("b", "a"))), 1e-12);
        // Unanimous items over two categories: P-bar = 1 -> kappa = 1.
        assertEquals(1.0, Agreement.fleissKappa(List.of(List.of("a", "a", "a"), List.of("b", "b", "b"))), 1e-12);
    }

    @Test
    void krippendorffAlphaOfFourObserversWithMissingData() {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: nominal data,
        // any number of observers, missing data. Observers A-D, units 1-12 ('.' = missing):
        //   A: 1 2 3 3 2 1 4 1 2 . . .
        //   B: 1 2 3 3 2 2 4 1 2 5 . 3
        //   C: . 3 3 3 2 3 4 2 2 5 1 .
        //   D: 1 2 3 3 2 4 4 1 2 5 1 .
        // Unit 12 has one value and is not pairable; n = 40 pairable values with n_1..n_5 = 9, 13, 10, 5, 3
        // and 8 off-diagonal coincidences. Published: nominal alpha = 0.743
        // (exactly 1 - 39 * 8 / (1600 - 384) = 113/152 = 0.7434211).
        String n = null;
        String[] a = {"1", "2", "3", "3", "2", "1", "4", "1", "2", n, n, n};
        String[] b = {"1", "2", "3", "3", "2", "2", "4", "1", "2", "5", n, "3"};
        String[] c = {n, "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", n};
        String[] d = {"1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", n};
        List<List<String>> units = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            units.add(Arrays.asList(a[u], b[u], c[u], d[u]));
        }
        double alpha = Agreement.krippendorffAlphaNominal(units);
        assertEquals(0.743, alpha, 5e-4);
        assertEquals(113.0 / 152, alpha, 1e-12);
    }

    @Test
    void krippendorffAlphaOfTwoObserversBinary() {
        // Krippendorff (2011), section A: binary data, two observers, no missing data, 10 units:
        //   Mary: 0 1 0 0 0 0 0 0 1 0
        //   Dave: 1 1 1 0 0 1 0 0 0 0
        // Coincidences o00 = 10, o01 = o10 = 4, o11 = 2; n0 = 14, n1 = 6, n = 20.
        // Published: alpha = 1 - (n - 1) o01 / (n0 n1) = 1 - 19 * 4 / 84 = 0.095.
        List<List<String>> units = units2("0100000010", "1110010000");
        double alpha = Agreement.krippendorffAlphaNominal(units);
        assertEquals(0.095, alpha, 5e-4);
        assertEquals(1 - 76.0 / 84, alpha, 1e-12);
    }

    @Test
    void krippendorffAlphaOfTwoObserversNominal() {
        // Krippendorff (2011), section B: nominal data, two observers, no missing data, 12 units:
        //   Ben:   a a b b d c c c e d d a
        //   Gerry: b a b b b c c c e d d d
        // n = 24, off-diagonal coincidences 6, sum_c n_c^2 = 128. Published: alpha = 0.692
        // (exactly 1 - 23 * 6 / (576 - 128) = 0.6919643).
        List<List<String>> units = units2("aabbdcccedda", "babbbccceddd");
        double alpha = Agreement.krippendorffAlphaNominal(units);
        assertEquals(0.692, alpha, 5e-4);
        assertEquals(1 - 138.0 / 448, alpha, 1e-12);
    }

    @Test
    void krippendorffAlphaEdgeCases() {
        // Units with fewer than 2 values are ignored, whatever they hold.
        List<List<String>> units = new ArrayList<>(units2("aabbdcccedda", "babbbccceddd"));
        units.add(Arrays.asList("z", null));
        units.add(Arrays.asList(null, null));
        units.add(List.of());
        assertEquals(1 - 138.0 / 448, Agreement.krippendorffAlphaNominal(units), 1e-12);
        // One value only across all pairable units: 0/0, returned as 1.0 by the documented convention.
        assertEquals(1.0, Agreement.krippendorffAlphaNominal(List.of(List.of("a", "a"), Arrays.asList("a", null, "a"))));
    }

    private static List<List<String>> units2(String first, String second) {
        List<List<String>> units = new ArrayList<>();
        for (int u = 0; u < first.length(); u++) {
            units.add(List.of(String.valueOf(first.charAt(u)), String.valueOf(second.charAt(u))));
        }
        return units;
    }

    @Test
    void rejectsInvalidInputWithAMessageNamingTheProblem() {
        assertRejected(() -> Agreement.cohensKappa(List.of("a", "b"), List.of("a")), "a has 2 labels, b has 1");
        assertRejected(() -> Agreement.percentAgreement(List.of("a"), List.of("a", "b")), "a has 1 labels, b has 2");
        assertRejected(() -> Agreement.cohensKappa(List.of(), List.of()), "must not be empty");
        assertRejected(() -> Agreement.percentAgreement(List.of(), List.of()), "must not be empty");
        assertRejected(() -> Agreement.cohensKappa(null, List.of("a")), "must not be null");
        assertRejected(() -> Agreement.cohensKappa(Arrays.asList("a", null), List.of("a", "b")), "a[1] is null");
        assertRejected(() -> Agreement.fleissKappa(List.of()), "at least one item");
        assertRejected(() -> Agreement.fleissKappa(null), "at least one item");
        assertRejected(
                () -> Agreement.fleissKappa(List.of(List.of("a", "b"), List.of("a", "b", "c"))),
                "ratingsPerItem[0] has 2, ratingsPerItem[1] has 3");
        assertRejected(() -> Agreement.fleissKappa(List.of(List.of("a"), List.of("b"))), "at least 2 ratings");
        assertRejected(() -> Agreement.fleissKappa(List.of(Arrays.asList("a", null))), "ratingsPerItem[0][1] is null");
        assertRejected(() -> Agreement.krippendorffAlphaNominal(List.of()), "at least one unit");
        assertRejected(
                () -> Agreement.krippendorffAlphaNominal(List.of(Arrays.asList("a", null), List.of("b"))),
                "no pairable unit");
        assertRejected(() -> Agreement.krippendorffAlphaNominal(Arrays.asList(List.of("a", "b"), null)), "units[1] is null");
    }

    static void assertRejected(Executable call, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(messagePart), () -> "message '" + e.getMessage() + "' lacks '" + messagePart + "'");
    }
}
