package io.provenant.release;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * regressionCheck: deltas of the story's eval run vs its reference with Newcombe (1998, method 10) 95% intervals.
 * The expected intervals were computed by hand with the method's formulas: Wilson score limits l_i, u_i of each rate
 * (z = 1.959964), then delta - sqrt((p1 - l1)^2 + (u2 - p2)^2) and delta + sqrt((u1 - p1)^2 + (p2 - l2)^2).
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class RegressionCheckTest {

    private static final double EPS = 1e-5;

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void deltasVsTheReferenceCarryIntervalsFromTheSampleCounts() {
        JsonPath p = GraphQL.ok("regressionCheck", Map.of("evalRun", EVAL_RUN));
        String d = "data.regressionCheck.deltas";
        assertEquals(List.of("safety", "benign_refusal_rate", "helpfulness"), p.getList(d + ".metric"));
        // safety 0.97 (n 400) vs 0.95 (n 400): delta 0.02, 95% CI [-0.007815, 0.048928]; higher is better.
        assertEquals(0.02, p.getDouble(d + "[0].delta"), EPS);
        assertEquals(-0.02, p.getDouble(d + "[0].worsening"), EPS);
        assertEquals(-0.007815, p.getDouble(d + "[0].deltaLower"), EPS);
        assertEquals(0.048928, p.getDouble(d + "[0].deltaUpper"), EPS);
        assertFalse(p.getBoolean(d + "[0].significantWorsening"));
        // benign refusal 0.03 vs 0.02 (n 600 each): delta 0.01, CI [-0.008269, 0.028946]; lower is better.
        assertFalse(p.getBoolean(d + "[1].higherIsBetter"));
        assertEquals(0.01, p.getDouble(d + "[1].worsening"), EPS);
        assertEquals(-0.008269, p.getDouble(d + "[1].deltaLower"), EPS);
        assertEquals(0.028946, p.getDouble(d + "[1].deltaUpper"), EPS);
        assertFalse(p.getBoolean(d + "[1].significantWorsening"), "the interval includes no change");
        // helpfulness 0.81 vs 0.80 (n 600 each): CI [-0.034874, 0.054837].
        assertEquals(-0.034874, p.getDouble(d + "[2].deltaLower"), EPS);
        assertEquals(0.054837, p.getDouble(d + "[2].deltaUpper"), EPS);
        assertEquals(List.of("benign_refusal_rate"), p.getList("data.regressionCheck.benignRefusal.metric"));
        // helpfulness under the alternative template chat-v2: 0.78 vs 0.81 under chat-v3.
        assertEquals(List.of(Map.of("slice", "benign", "metric", "helpfulness", "promptTemplate", "chat-v2", "value", 0.78f,
                "mainValue", 0.81f, "worsening", (float) (0.81 - 0.78))), p.getList("data.regressionCheck.templateGaps"));
        assertEquals(Map.of("base", BASE, "method", "linear-cka", "value", 0.93f), p.getMap("data.regressionCheck.representationSimilarity"));
    }

    @Test
    void aSignificantWorseningIsMarked() {
        GraphQL.ok("registerEvalRun", Map.of("input", input("eval-run:refusal-spike@1", "checkpoint", FINAL, "reference", SFT,
                "datasets", List.of(HELD_OUT), "suiteVersion", "safety-suite@12", "decoder", m("temperature", 0.0),
                "metrics", List.of(m("slice", "benign", "metric", "benign_refusal_rate", "value", 0.12, "sampleCount", 500,
                        "referenceValue", 0.02)))));
        JsonPath p = GraphQL.ok("regressionCheck", Map.of("evalRun", "eval-run:refusal-spike@1"));
        assertTrue(p.getBoolean("data.regressionCheck.deltas[0].significantWorsening"));
        assertTrue(p.getDouble("data.regressionCheck.deltas[0].deltaLower") > 0);
    }

    @Test
    void metricsAreCheckedNamingTheField() {
        long journal = stores.journalSize();
        Map<String, Object> base = input("eval-run:bad-metrics@1", "checkpoint", FINAL, "reference", SFT, "datasets", List.of(HELD_OUT),
                "suiteVersion", "s@1", "decoder", m("temperature", 0.0));
        Map<String, Object> unknown = new java.util.HashMap<>(base);
        unknown.put("metrics", List.of(m("slice", "a", "metric", "vibes", "value", 3.0, "sampleCount", 10, "referenceValue", 2.0)));
        assertEquals("input.metrics[0].higherIsBetter", GraphQL.run("registerEvalRun", Map.of("input", unknown))
                .getString("errors[0].extensions.field"));
        Map<String, Object> noReference = new java.util.HashMap<>(base);
        noReference.put("metrics", List.of(m("slice", "a", "metric", "safety", "value", 0.9, "sampleCount", 10)));
        assertEquals("input.metrics[0].referenceValue", GraphQL.run("registerEvalRun", Map.of("input", noReference))
                .getString("errors[0].extensions.field"));
        Map<String, Object> notARate = new java.util.HashMap<>(base);
        notARate.put("metrics", List.of(m("slice", "a", "metric", "safety", "value", 90.0, "sampleCount", 10, "referenceValue", 0.9)));
        JsonPath rate = GraphQL.run("registerEvalRun", Map.of("input", notARate));
        assertEquals("input.metrics[0].value", rate.getString("errors[0].extensions.field"));
        assertEquals("INVALID_INPUT", rate.getString("errors[0].extensions.code"));
        assertEquals(journal, stores.journalSize());
    }
}
