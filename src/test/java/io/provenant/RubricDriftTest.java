package io.provenant;

import static io.provenant.StoryFixture.*;
import static io.provenant.TriageTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.provenant.graph.GraphReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * rubricDrift(dataset | release) on the story fixture, with the distributions, the Jensen–Shannon divergence and the
 * chi-square test computed by hand, and on a small drift story of its own for the warnings the main story does not
 * raise (a policy that moved while no rubric followed; one shared label value).
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class RubricDriftTest {

    static final String P = "drift-test";
    static final String POLICY_1 = "policy:drift-policy@1";
    static final String POLICY_2 = "policy:drift-policy@2";
    static final String RUBRIC_1 = "rubric:drift-rubric@1";
    static final String RUBRIC_2 = "rubric:drift-rubric@2";
    static final String OUT_OF_STEP = "dataset:drift-out-of-step@1";
    static final String MIXED = "dataset:drift-mixed@1";

    @Inject
    GraphReader graph;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    /*
     * hh-train@1 by hand (StoryFixture): fb-003..fb-006 under rubric v1 rated 4.0 each (v1 ratings are 1.0 for fb-002
     * only), plus adjudication:fb-001-002@1 under rubric v1 rated 2.0; fb-101..fb-106 under rubric v2 rated 3 + i % 3
     * for i = 0..5: 3, 4, 5, 3, 4, 5.
     *   v1: {2.0: 1, 4.0: 4}, n = 5          v2: {3.0: 2, 4.0: 2, 5.0: 2}, n = 6
     * Jensen–Shannon (log 2) over the labels 2.0, 3.0, 4.0, 5.0: P = (1/5, 0, 4/5, 0), Q = (0, 1/3, 1/3, 1/3),
     * M = (P + Q) / 2 = (1/10, 1/6, 17/30, 1/6);
     *   KL(P||M) = 1/5·log2(2) + 4/5·log2(24/17);  KL(Q||M) = 1/3·log2(2) + 1/3·log2(10/17) + 1/3·log2(2)
     *   JS = (KL(P||M) + KL(Q||M)) / 2 = (1/5 + 4/5·log2(24/17) + 2/3 + 1/3·log2(10/17)) / 2 = 0.5047440727…
     * Chi-square homogeneity, 2 × 4 table, column totals (1, 2, 6, 2), N = 11; expected v1 = 5/11·(1, 2, 6, 2),
     * v2 = 6/11·(1, 2, 6, 2):
     *   v1: 36/55 + 10/11 + 98/165 + 10/11;  v2: 6/11 + 25/33 + 49/99 + 25/33;  sum = 2783/495 = 5.6222…
     *   df = (2 − 1)(4 − 1) = 3;  p = P(χ²₃ ≥ 5.6222) = 2(1 − Φ(√x)) + √(2x/π)·e^(−x/2) = 0.1315084…
     */
    static final double JS = (0.2 + 0.8 * log2(24.0 / 17) + 2.0 / 3 + log2(10.0 / 17) / 3) / 2;
    static final double CHI_SQUARE = 2783.0 / 495;

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static void assertStoryVersionsAndDivergence(JsonPath result, List<String> v2Datasets) {
        assertEquals(List.of(
                m("rubric", RUBRIC_V1, "rubricKey", "harmlessness-rating", "policy", POLICY_V1, "labels", 5,
                        "distribution", List.of(m("label", "2.0", "count", 1), m("label", "4.0", "count", 4)),
                        "datasets", List.of(TRAIN), "staleLabels", 1),
                m("rubric", RUBRIC_V2, "rubricKey", "harmlessness-rating", "policy", POLICY_V2, "labels", 6,
                        "distribution", List.of(m("label", "3.0", "count", 2), m("label", "4.0", "count", 2), m("label", "5.0", "count", 2)),
                        "datasets", v2Datasets, "staleLabels", 0)),
                result.getList("data.rubricDrift.versions"));
        assertEquals(1, result.getList("data.rubricDrift.divergences").size());
        assertEquals("harmlessness-rating", result.getString("data.rubricDrift.divergences[0].rubricKey"));
        assertEquals(RUBRIC_V1, result.getString("data.rubricDrift.divergences[0].from"));
        assertEquals(RUBRIC_V2, result.getString("data.rubricDrift.divergences[0].to"));
        assertEquals(0.5047440727278305, JS, 1e-15);
        assertEquals(JS, result.getDouble("data.rubricDrift.divergences[0].jensenShannon"), 1e-6);
        assertEquals(CHI_SQUARE, result.getDouble("data.rubricDrift.divergences[0].chiSquare.statistic"), 1e-5);
        assertEquals(3, result.getInt("data.rubricDrift.divergences[0].chiSquare.degreesOfFreedom"));
        assertEquals(0.1315084, result.getDouble("data.rubricDrift.divergences[0].chiSquare.pValue"), 1e-6);
    }

    /*
     * Warnings on hh-train by hand: it holds labels of rubric harmlessness-rating v1 (5) and v2 (6), so of policy
     * harmlessness v1 and v2; the adjudication (rubric v1) was registered after rubric v2 superseded v1, so it is a
     * stale label (the v1 feedback occurred in October, before). Rubric v2 implements policy v2: not out of step.
     */
    private static void assertStoryWarnings(JsonPath result) {
        List<Map<String, Object>> warnings = result.getList("data.rubricDrift.warnings");
        assertEquals(List.of("MIXES_RUBRIC_VERSIONS", "MIXES_POLICY_VERSIONS", "STALE_RUBRIC"),
                warnings.stream().map(w -> w.get("code")).toList(), result.prettify());
        assertEquals(List.of(TRAIN, RUBRIC_V1, RUBRIC_V2), warnings.get(0).get("refs"));
        assertEquals(TRAIN + " holds labels made under 2 versions of rubric harmlessness-rating: " + RUBRIC_V1 + " (5), "
                + RUBRIC_V2 + " (6).", warnings.get(0).get("message"));
        assertEquals(List.of(TRAIN, POLICY_V1, POLICY_V2), warnings.get(1).get("refs"));
        assertEquals(List.of(RUBRIC_V1, RUBRIC_V2, ADJUDICATION), warnings.get(2).get("refs"));
        assertEquals("1 label(s) under " + RUBRIC_V1 + " were made after " + RUBRIC_V2 + " had superseded it.",
                warnings.get(2).get("message"));
    }

    @Test
    void theTrainingSetMixesBothRubricVersionsAsComputedByHand() {
        long before = graph.statementsSent();
        JsonPath result = GraphQL.ok("rubricDrift", m("dataset", TRAIN, "asOf", builtAt()));
        assertEquals(3, graph.statementsSent() - before, "root, distribution, policies");
        assertNull(result.get("data.rubricDrift.release"));
        assertEquals(List.of(TRAIN), result.getList("data.rubricDrift.datasets.ref"));
        assertStoryVersionsAndDivergence(result, List.of(TRAIN));
        assertStoryWarnings(result);
    }

    @Test
    void aReleaseIsAskedAboutThroughTheDatasetsItsTrainingRunsUsed() {
        long before = graph.statementsSent();
        JsonPath result = GraphQL.ok("rubricDrift", m("release", RELEASE, "asOf", builtAt()));
        assertEquals(3, graph.statementsSent() - before, "chain, distribution, policies");
        assertEquals(RELEASE, result.getString("data.rubricDrift.release"));
        assertEquals(List.of(TRAIN, RM_PREFS), result.getList("data.rubricDrift.datasets.ref"));
        // rm-prefs holds fb-101..fb-106, already in hh-train: each label counts once.
        assertStoryVersionsAndDivergence(result, List.of(TRAIN, RM_PREFS));
        assertStoryWarnings(result);
        JsonPath rmPrefs = GraphQL.ok("rubricDrift", m("dataset", RM_PREFS, "asOf", builtAt()));
        assertEquals(List.of(RUBRIC_V2), rmPrefs.getList("data.rubricDrift.versions.rubric"));
        assertEquals(List.of(), rmPrefs.getList("data.rubricDrift.divergences"));
        assertEquals(List.of(), rmPrefs.getList("data.rubricDrift.warnings"));
    }

    private static void register(String kind, Map<String, Object> input) {
        input.put("project", P);
        GraphQL.ok("register" + kind, Map.of("input", input));
    }

    private static Map<String, Object> rubric(String ref, String policy, String supersedes) {
        return input(ref, "policy", policy, "supersedes", supersedes, "criteria", List.of(m("name", "n", "description", "d")),
                "labelSchema", m("type", "RATING", "ratingMin", 1.0, "ratingMax", 5.0));
    }

    private static Map<String, Object> event(String key, String rubric, String policy, String occurredAt) {
        Map<String, Object> event = feedback("feedback:" + key + "@1", "drift prompt " + key, 2.0, ALICE, rubric, policy);
        event.put("project", P);
        if (occurredAt != null) {
            event.put("occurredAt", occurredAt);
        }
        return event;
    }

    private static void dataset(String ref, List<String> members) {
        register("Dataset", input(ref, "split", "TRAIN", "selectionRule", "drift test"));
        GraphQL.ok("addDatasetMembers", Map.of("dataset", ref, "members", members));
        GraphQL.ok("sealDataset", Map.of("dataset", ref));
    }

    /**
     * The drift story: policy 1 ← rubric 1 with labels d-1, d-2 (rated 2.0); policy 2 supersedes policy 1; the dataset
     * OUT_OF_STEP is registered with d-1, d-2 while no rubric implements policy 2; then rubric 2 implements policy 2,
     * d-3 is labeled under it and d-4 under rubric 1 after that (stale); MIXED holds d-1..d-4. Registered once.
     */
    private static synchronized String driftStory() {
        if (GraphQL.ok("artifact", m("ref", MIXED)).get("data.artifact") != null) {
            return GraphQL.ok("artifact", m("ref", RUBRIC_2)).getString("data.artifact.registeredAt");
        }
        register("Policy", input(POLICY_1, "title", "Drift", "text", "v1"));
        register("Rubric", rubric(RUBRIC_1, POLICY_1, null));
        GraphQL.ok("recordFeedback", Map.of("events", List.of(event("d-1", RUBRIC_1, POLICY_1, null), event("d-2", RUBRIC_1, POLICY_1, null))));
        register("Policy", input(POLICY_2, "title", "Drift", "text", "v2", "supersedes", POLICY_1));
        dataset(OUT_OF_STEP, List.of("feedback:d-1@1", "feedback:d-2@1"));
        register("Rubric", rubric(RUBRIC_2, POLICY_2, RUBRIC_1));
        String rubric2At = GraphQL.ok("artifact", m("ref", RUBRIC_2)).getString("data.artifact.registeredAt");
        GraphQL.ok("recordFeedback", Map.of("events", List.of(event("d-3", RUBRIC_2, POLICY_2, null),
                event("d-4", RUBRIC_1, POLICY_1, java.time.Instant.parse(rubric2At).plusSeconds(60).toString()))));
        dataset(MIXED, List.of("feedback:d-1@1", "feedback:d-2@1", "feedback:d-3@1", "feedback:d-4@1"));
        return rubric2At;
    }

    @Test
    void labelsUnderARubricWhosePolicyMovedOnAloneAreOutOfStepUntilARubricFollows() {
        String rubric2At = driftStory();
        String before = java.time.Instant.parse(rubric2At).minusNanos(1_000).toString();
        JsonPath then = GraphQL.ok("rubricDrift", m("dataset", OUT_OF_STEP, "asOf", before));
        assertEquals(List.of(m("code", "RUBRIC_POLICY_OUT_OF_STEP", "message", OUT_OF_STEP + " holds 2 label(s) under " + RUBRIC_1
                + ", which implements " + POLICY_1 + "; " + POLICY_2 + " had superseded that policy before the dataset was"
                + " registered, and no rubric version implements it.", "refs", List.of(OUT_OF_STEP, RUBRIC_1, POLICY_1, POLICY_2))),
                then.getList("data.rubricDrift.warnings"));
        assertEquals(List.of(m("rubric", RUBRIC_1, "rubricKey", "drift-rubric", "policy", POLICY_1, "labels", 2,
                "distribution", List.of(m("label", "2.0", "count", 2)), "datasets", List.of(OUT_OF_STEP), "staleLabels", 0)),
                then.getList("data.rubricDrift.versions"));
        // Once rubric 2 implements policy 2, the policy and a rubric moved together again.
        assertEquals(List.of(), GraphQL.ok("rubricDrift", m("dataset", OUT_OF_STEP)).getList("data.rubricDrift.warnings"));
    }

    @Test
    void oneSharedLabelValueHasNoChiSquareAndALabelMadeAfterTheNewRubricIsStale() {
        driftStory();
        JsonPath mixed = GraphQL.ok("rubricDrift", m("dataset", MIXED));
        // rubric 1: d-1, d-2, d-4 all 2.0; rubric 2: d-3 2.0. Same shares: JS = 0; one label value: no chi-square.
        assertEquals(List.of(3, 1), mixed.getList("data.rubricDrift.versions.labels"));
        assertEquals(List.of(1, 0), mixed.getList("data.rubricDrift.versions.staleLabels"));
        assertEquals(0.0, mixed.getDouble("data.rubricDrift.divergences[0].jensenShannon"), 0.0);
        assertNull(mixed.get("data.rubricDrift.divergences[0].chiSquare"));
        List<Map<String, Object>> warnings = mixed.getList("data.rubricDrift.warnings");
        assertEquals(List.of("MIXES_RUBRIC_VERSIONS", "MIXES_POLICY_VERSIONS", "STALE_RUBRIC"), warnings.stream().map(w -> w.get("code")).toList());
        assertEquals(List.of(RUBRIC_1, RUBRIC_2, "feedback:d-4@1"), warnings.get(2).get("refs"));
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertError(GraphQL.run("rubricDrift", m("dataset", TRAIN, "release", RELEASE)), "INVALID_INPUT", "release",
                "give exactly one of dataset and release");
        assertError(GraphQL.run("rubricDrift", m()), "INVALID_INPUT", "dataset", "give exactly one of dataset and release");
        assertError(GraphQL.run("rubricDrift", m("dataset", RELEASE)), "INVALID_INPUT", "dataset", "is a release");
        assertError(GraphQL.run("rubricDrift", m("dataset", "dataset:nope@1")), "NOT_FOUND", "dataset", "Artifact 'dataset:nope@1' not found.");
        assertError(GraphQL.run("rubricDrift", m("release", "release:nope@1")), "NOT_FOUND", "release", "Artifact 'release:nope@1' not found.");
        String trainAt = GraphQL.ok("artifact", m("ref", TRAIN)).getString("data.artifact.registeredAt");
        String early = java.time.Instant.parse(trainAt).minusSeconds(1).toString();
        JsonPath notYet = GraphQL.run("rubricDrift", m("dataset", TRAIN, "asOf", early));
        assertError(notYet, "NOT_FOUND", "dataset", "did not exist as of " + early);
        assertTrue(notYet.getString("errors[0].message").startsWith("dataset: Artifact '" + TRAIN + "'"));
    }
}
