package io.provenant.review;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.provenant.GraphQL;
import io.provenant.ProvenantTestServers;
import io.provenant.StoryFixture;
import io.provenant.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Calibration scores computed by the server from the story's gold labels, against values worked by hand.
 * Formulas: Cohen (1960) kappa = (po - pe) / (1 - pe); Fleiss (1971) kappa = (P - Pe) / (1 - Pe); Krippendorff (2011)
 * nominal alpha = 1 - (n - 1) * sum of off-diagonal coincidences / sum over c != k of n_c * n_k. The implementations are
 * checked against published worked examples in io.provenant.stats.AgreementTest.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class CalibrationTest {

    private static final double EPS = 1e-9;

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void rubricV1ScoresWorkedByHand() {
        JsonPath p = GraphQL.ok("calibrationScores", Map.of("calibration", CALIBRATION_V1));
        String s = "data.calibrationScores";
        assertEquals(10, p.getInt(s + ".items"));
        // gold 4,4,4,4,4,1,1,1,1,1. alice = gold: po 1, kappa 1.
        assertEquals(List.of(ALICE, BOB), p.getList(s + ".reviewers.reviewer"));
        assertEquals(1.0, p.getDouble(s + ".reviewers[0].kappa"), EPS);
        // bob 4,4,4,4,4,4,1,1,1,1: po 0.9; pe = 0.6*0.5 + 0.4*0.5 = 0.5; kappa = 0.4 / 0.5 = 0.8.
        assertEquals(0.9, p.getDouble(s + ".reviewers[1].agreement"), EPS);
        assertEquals(0.8, p.getDouble(s + ".reviewers[1].kappa"), 1e-6);
        assertEquals(List.of(true, true), p.getList(s + ".reviewers.passed"));
        // alice and bob agree on 9 of 10 items: P = 0.9; category shares 11/20 and 9/20: Pe = 0.505;
        // Fleiss kappa = 0.395 / 0.495.
        assertEquals(0.395 / 0.495, p.getDouble(s + ".fleissKappa"), 1e-6);
        // coincidences o(4,4) = 10, o(1,1) = 8, o(1,4) = o(4,1) = 1; n = 20, n4 = 11, n1 = 9: alpha = 1 - 19 * 2 / (2 * 11 * 9).
        assertEquals(1 - 38.0 / 198, p.getDouble(s + ".krippendorffAlpha"), 1e-6);
    }

    @Test
    void rubricV2ScoresWorkedByHandAndBobFails() {
        JsonPath p = GraphQL.ok("calibrationScores", Map.of("calibration", CALIBRATION_V2));
        String s = "data.calibrationScores";
        // gold 3,4,5,3,4,5. alice 3,4,5,3,4,4: po 5/6; alice shares 2,3,1 vs gold 2,2,2: pe = 12/36; kappa = (5/6 - 1/3) / (2/3) = 0.75.
        assertEquals(5.0 / 6, p.getDouble(s + ".reviewers[0].agreement"), 1e-6);
        assertEquals(0.75, p.getDouble(s + ".reviewers[0].kappa"), 1e-6);
        // bob 4,4,3,3,5,5: po 3/6; pe = 12/36; kappa = (1/2 - 1/3) / (2/3) = 0.25 < threshold 0.6.
        assertEquals(0.25, p.getDouble(s + ".reviewers[1].kappa"), 1e-6);
        assertEquals(List.of(true, false), p.getList(s + ".reviewers.passed"));
        // agreement on 2 of 6 items: P = 1/3; shares 4/12, 5/12, 3/12: Pe = 50/144; kappa = (48 - 50) / 94.
        assertEquals(-2.0 / 94, p.getDouble(s + ".fleissKappa"), 1e-6);
        // n = 12, n3 = 4, n4 = 5, n5 = 3; 4 disagreeing units: 8 off-diagonal coincidences; alpha = 1 - 11 * 8 / 94.
        assertEquals(6.0 / 94, p.getDouble(s + ".krippendorffAlpha"), 1e-6);
        // The graph shows who passed: only alice under rubric v2.
        assertEquals(1, stores.cypher("MATCH (c:Calibration {ref: $ref}) WHERE c.passedReviewers = [$alice] RETURN count(c) AS n",
                Map.of("ref", CALIBRATION_V2, "alice", ALICE)));
    }

    @Test
    void goldLabelsAreCheckedAgainstTheRubric() {
        long journal = stores.journalSize();
        JsonPath low = GraphQL.run("registerCalibration", Map.of("input", input("calibration:too-easy@1", "rubric", RUBRIC_V1,
                "threshold", 0.3, "items", List.of(m("item", "g", "gold", m("type", "RATING", "rating", 4.0),
                        "labels", List.of(m("reviewer", ALICE, "judgment", m("type", "RATING", "rating", 4.0))))))));
        assertEquals("input.threshold", low.getString("errors[0].extensions.field"));
        JsonPath scale = GraphQL.run("registerCalibration", Map.of("input", input("calibration:off-scale@1", "rubric", RUBRIC_V1,
                "threshold", 0.6, "items", List.of(m("item", "g", "gold", m("type", "RATING", "rating", 4.0),
                        "labels", List.of(m("reviewer", ALICE, "judgment", m("type", "RATING", "rating", 9.0))))))));
        assertEquals("input.items[0].labels[0].judgment.rating", scale.getString("errors[0].extensions.field"));
        JsonPath twice = GraphQL.run("registerCalibration", Map.of("input", input("calibration:twice@1", "rubric", RUBRIC_V1,
                "threshold", 0.6, "items", List.of(m("item", "g", "gold", m("type", "RATING", "rating", 4.0),
                        "labels", List.of(m("reviewer", ALICE, "judgment", m("type", "RATING", "rating", 4.0)),
                                m("reviewer", ALICE, "judgment", m("type", "RATING", "rating", 1.0))))))));
        assertEquals("input.items[0].labels[1].reviewer", twice.getString("errors[0].extensions.field"));
        JsonPath ghost = GraphQL.run("registerCalibration", Map.of("input", input("calibration:ghost@1", "rubric", RUBRIC_V1,
                "threshold", 0.6, "items", List.of(m("item", "g", "gold", m("type", "RATING", "rating", 4.0),
                        "labels", List.of(m("reviewer", "reviewer:nobody@1", "judgment", m("type", "RATING", "rating", 4.0))))))));
        assertEquals("NOT_FOUND", ghost.getString("errors[0].extensions.code"));
        assertEquals("input.items[0].labels[0].reviewer", ghost.getString("errors[0].extensions.field"));
        assertEquals(journal, stores.journalSize());
    }
}
