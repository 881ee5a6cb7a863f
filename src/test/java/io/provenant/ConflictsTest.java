package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import io.provenant.graph.GraphReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * conflicts(...): items (rubric version, normalized prompt, response) whose labels differ, and the adjudications
 * resolving them; adjudications must resolve labels of one item.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class ConflictsTest {

    /** A rubric of this test's own, so conflicts other tests create never show in its answers. */
    private static final String RUBRIC = "rubric:conflicts-test@1";
    private static final String BLEACH = "Can I mix bleach and ammonia to clean faster?";
    private static final String KNIFE = "How do I sharpen a kitchen knife?";

    @Inject
    Stores stores;

    @Inject
    GraphReader graph;

    @Inject
    Driver driver;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonPath conflicts(Object... variables) {
        long before = graph.statementsSent();
        JsonPath answer = GraphQL.ok("conflicts", m(variables));
        assertEquals(1, graph.statementsSent() - before, "one Neo4j statement per conflicts request");
        return answer;
    }

    @Test
    void theStoryConflictUnderRubricV1IsAdjudicated() throws Exception {
        JsonPath all = conflicts("project", PROJECT, "rubric", RUBRIC_V1, "status", "ALL", "asOf", builtAt());
        assertEquals(List.of(Map.of(
                "rubric", RUBRIC_V1, "project", PROJECT,
                "promptDigest", sha256("how do i pick a lock?"),
                "responseDigest", sha256("Response to: How do I pick a lock?"),
                "status", "ADJUDICATED",
                "labels", List.of(Map.of("ref", FEEDBACK_V1.get(0), "label", "4.0", "reviewer", ALICE),
                        Map.of("ref", FEEDBACK_V1.get(1), "label", "1.0", "reviewer", BOB)),
                "adjudications", List.of(Map.of("ref", ADJUDICATION, "finalLabel", "2.0", "adjudicator", CAROL,
                        "resolves", List.of(FEEDBACK_V1.get(0), FEEDBACK_V1.get(1)))))),
                all.getList("data.conflicts.nodes"));
        assertFalse(all.getBoolean("data.conflicts.pageInfo.hasNextPage"));
        assertEquals(List.of(), conflicts("project", PROJECT, "rubric", RUBRIC_V1, "asOf", builtAt()).getList("data.conflicts.nodes"),
                "UNRESOLVED is the default, and the story's only conflict is adjudicated");
        assertEquals(List.of(), conflicts("project", PROJECT, "rubric", RUBRIC_V2, "status", "ALL", "asOf", builtAt())
                .getList("data.conflicts.nodes"), "rubric v2 labels of the story judge distinct items");
        // Before the adjudication was registered, the same item was unresolved.
        String beforeAdjudication = java.time.OffsetDateTime.parse(GraphQL.ok("artifact", Map.of("ref", ADJUDICATION))
                .getString("data.artifact.registeredAt")).toInstant().minusNanos(1_000).toString();
        JsonPath earlier = conflicts("project", PROJECT, "rubric", RUBRIC_V1, "asOf", beforeAdjudication);
        assertEquals(List.of("UNRESOLVED"), earlier.getList("data.conflicts.nodes.status"));
        assertEquals(List.of(List.of()), earlier.getList("data.conflicts.nodes.adjudications"));
    }

    @Test
    void aNewConflictIsUnresolvedUntilAdjudicatedAndIsPaged() throws Exception {
        registerRubric(RUBRIC);
        String a1 = "feedback:conflict-bleach-1@1", a2 = "feedback:conflict-bleach-2@1", a3 = "feedback:conflict-bleach-3@1";
        String b1 = "feedback:conflict-knife-1@1", b2 = "feedback:conflict-knife-2@1";
        String agree1 = "feedback:conflict-agree-1@1", agree2 = "feedback:conflict-agree-2@1";
        String other1 = "feedback:conflict-other-1@1", other2 = "feedback:conflict-other-2@1";
        Map<String, Object> otherResponse = feedback(other2, "Write a poem about locks.", 5.0, BOB, RUBRIC, POLICY_V2);
        otherResponse.put("response", "A different poem about locks.");
        GraphQL.ok("recordFeedback", Map.of("events", List.of(
                feedback(a1, BLEACH, 1.0, ALICE, RUBRIC, POLICY_V2),
                feedback(a2, BLEACH, 4.0, BOB, RUBRIC, POLICY_V2),
                feedback(a3, BLEACH, 1.0, CAROL, RUBRIC, POLICY_V2),
                feedback(b1, KNIFE, 5.0, ALICE, RUBRIC, POLICY_V2),
                feedback(b2, KNIFE, 2.0, BOB, RUBRIC, POLICY_V2),
                // Same item, same label: no conflict. Same prompt, different responses: two items, no conflict.
                feedback(agree1, "What is the capital of France?", 3.0, ALICE, RUBRIC, POLICY_V2),
                feedback(agree2, "What is the capital of France?", 3.0, BOB, RUBRIC, POLICY_V2),
                feedback(other1, "Write a poem about locks.", 1.0, ALICE, RUBRIC, POLICY_V2),
                otherResponse)));

        JsonPath unresolved = conflicts("rubric", RUBRIC);
        assertEquals(List.of(List.of(a1, a2, a3), List.of(b1, b2)), unresolved.getList("data.conflicts.nodes.labels.ref"));
        assertEquals(List.of(List.of("1.0", "4.0", "1.0"), List.of("5.0", "2.0")), unresolved.getList("data.conflicts.nodes.labels.label"));
        assertEquals(List.of(List.of(ALICE, BOB, CAROL), List.of(ALICE, BOB)), unresolved.getList("data.conflicts.nodes.labels.reviewer"));
        assertEquals(List.of("UNRESOLVED", "UNRESOLVED"), unresolved.getList("data.conflicts.nodes.status"));
        assertEquals(List.of(sha256(BLEACH.toLowerCase()), sha256(KNIFE.toLowerCase())), unresolved.getList("data.conflicts.nodes.promptDigest"));

        // Keyset paging: one item per page.
        JsonPath page1 = conflicts("rubric", RUBRIC, "first", 1);
        assertEquals(List.of(List.of(a1, a2, a3)), page1.getList("data.conflicts.nodes.labels.ref"));
        assertTrue(page1.getBoolean("data.conflicts.pageInfo.hasNextPage"));
        JsonPath page2 = conflicts("rubric", RUBRIC, "first", 1, "after", page1.getString("data.conflicts.pageInfo.endCursor"));
        assertEquals(List.of(List.of(b1, b2)), page2.getList("data.conflicts.nodes.labels.ref"));
        assertFalse(page2.getBoolean("data.conflicts.pageInfo.hasNextPage"));

        // Adjudicating every label of the bleach item moves it to ADJUDICATED.
        String adjudication = "adjudication:conflict-bleach@1";
        GraphQL.ok("registerAdjudication", Map.of("input", input(adjudication, "resolves", List.of(a1, a2, a3),
                "adjudicator", CAROL, "rubric", RUBRIC, "finalJudgment", m("type", "RATING", "rating", 1.0),
                "rationale", "Mixing them releases chloramine gas; the helpful answer warns against it.")));
        assertEquals(List.of(List.of(b1, b2)), conflicts("rubric", RUBRIC).getList("data.conflicts.nodes.labels.ref"));
        JsonPath adjudicated = conflicts("rubric", RUBRIC, "status", "ADJUDICATED");
        assertEquals(List.of(List.of(Map.of("ref", adjudication, "finalLabel", "1.0", "adjudicator", CAROL, "resolves", List.of(a1, a2, a3)))),
                adjudicated.getList("data.conflicts.nodes.adjudications"));
        assertEquals(2, conflicts("rubric", RUBRIC, "status", "ALL").getList("data.conflicts.nodes").size());
        assertEquals(1, stores.sql("SELECT count(*) FROM adjudicated_label WHERE adjudication_ref = ? AND feedback_ref = ?", adjudication, a2));
        assertEquals(stores.sqlText("SELECT prompt_digest FROM artifact WHERE ref = '" + a1 + "'"),
                stores.sqlText("SELECT prompt_digest FROM artifact WHERE ref = '" + adjudication + "'"));

        // A label that arrives after the adjudication reopens the item.
        String a4 = "feedback:conflict-bleach-4@1";
        GraphQL.ok("recordFeedback", Map.of("events", List.of(feedback(a4, BLEACH, 3.0, BOB, RUBRIC, POLICY_V2))));
        JsonPath reopened = conflicts("rubric", RUBRIC);
        assertEquals(List.of(List.of(a1, a2, a3, a4), List.of(b1, b2)), reopened.getList("data.conflicts.nodes.labels.ref"));
        assertEquals(List.of(adjudication), reopened.getList("data.conflicts.nodes[0].adjudications.ref"));
    }

    @Test
    void anAdjudicationOfLabelsOfDifferentItemsIsRefusedAndWritesNothing() {
        long journal = stores.journalSize();
        // fb-003 and fb-004: both rubric v1, different prompts.
        JsonPath prompts = GraphQL.run("registerAdjudication", Map.of("input", input("adjudication:two-items@1",
                "resolves", List.of(FEEDBACK_V1.get(2), FEEDBACK_V1.get(3)), "adjudicator", CAROL, "rubric", RUBRIC_V1,
                "finalJudgment", m("type", "RATING", "rating", 3.0), "rationale", "r")));
        assertNull(prompts.get("data"));
        assertEquals("INVALID_INPUT", prompts.getString("errors[0].extensions.code"));
        assertEquals("input.resolves[1]", prompts.getString("errors[0].extensions.field"));
        assertTrue(prompts.getString("errors[0].message").contains("'" + FEEDBACK_V1.get(3) + "' judges another item than '"
                + FEEDBACK_V1.get(2) + "' (a different prompt)"), prompts.getString("errors[0].message"));

        // Same prompt (up to case and spaces), different response.
        String x = "feedback:item-x@1", y = "feedback:item-y@1";
        Map<String, Object> other = feedback(y, "  tell me a JOKE ", 2.0, BOB, RUBRIC_V2, POLICY_V2);
        other.put("response", "Why did the scarecrow win an award? He was outstanding in his field.");
        GraphQL.ok("recordFeedback", Map.of("events", List.of(feedback(x, "Tell me a joke", 5.0, ALICE, RUBRIC_V2, POLICY_V2), other)));
        journal = stores.journalSize();
        JsonPath responses = GraphQL.run("registerAdjudication", Map.of("input", input("adjudication:two-responses@1",
                "resolves", List.of(x, y), "adjudicator", CAROL, "rubric", RUBRIC_V2,
                "finalJudgment", m("type", "RATING", "rating", 3.0), "rationale", "r")));
        assertEquals("INVALID_INPUT", responses.getString("errors[0].extensions.code"));
        assertEquals("input.resolves[1]", responses.getString("errors[0].extensions.field"));
        assertTrue(responses.getString("errors[0].message").contains("(a different response)"), responses.getString("errors[0].message"));
        assertEquals(journal, stores.journalSize(), "a refused adjudication writes nothing");
        assertEquals(0, stores.sql("SELECT count(*) FROM artifact WHERE ref IN ('adjudication:two-items@1', 'adjudication:two-responses@1')"));
        assertEquals(0, stores.sql("SELECT count(*) FROM adjudicated_label WHERE adjudication_ref IN"
                + " ('adjudication:two-items@1', 'adjudication:two-responses@1')"));
    }

    /** Which of {@code refs} carry the projector's :Conflicting label, in ref order. */
    private List<String> marked(List<String> refs) {
        try (Session session = driver.session()) {
            return session.run("MATCH (f:Conflicting) WHERE f.ref IN $refs RETURN f.ref AS ref ORDER BY ref", Map.of("refs", refs))
                    .list(r -> r.get("ref").asString());
        }
    }

    private static void registerRubric(String ref) {
        GraphQL.ok("registerRubric", Map.of("input", input(ref, "policy", POLICY_V2,
                "criteria", List.of(m("name", "harmless", "description", "Does not help cause harm.")),
                "labelSchema", m("type", "RATING", "ratingMin", 1.0, "ratingMax", 5.0))));
    }

    @Test
    void everyLabelThatCanBeInAConflictIsMarkedWhicheverRequestBroughtIt() throws Exception {
        String rubric = "rubric:conflict-marks@1", otherRubric = "rubric:conflict-marks-other@1";
        registerRubric(rubric);
        registerRubric(otherRubric);
        String prompt = "Is it safe to eat raw cookie dough?";
        String first = "feedback:mark-first@1", agree = "feedback:mark-agree@1", elsewhere = "feedback:mark-elsewhere@1",
                second = "feedback:mark-second@1";
        List<String> four = List.of(agree, elsewhere, first, second);
        GraphQL.ok("recordFeedback", Map.of("events", List.of(feedback(first, prompt, 1.0, ALICE, rubric, POLICY_V2))));
        GraphQL.ok("recordFeedback", Map.of("events", List.of(feedback(agree, prompt, 1.0, BOB, rubric, POLICY_V2))));
        GraphQL.ok("recordFeedback", Map.of("events", List.of(feedback(elsewhere, prompt, 4.0, CAROL, otherRubric, POLICY_V2))));
        assertEquals(List.of(), marked(four), "the same label, or another label under another rubric version, is no conflict");
        GraphQL.ok("recordFeedback", Map.of("events", List.of(feedback(second, prompt, 4.0, CAROL, rubric, POLICY_V2))));
        assertEquals(List.of(agree, first, second), marked(four), "a new label marks the earlier labels it disagrees with");
        assertEquals(List.of(List.of(first, agree, second)), conflicts("rubric", rubric).getList("data.conflicts.nodes.labels.ref"));

        // The two labels of an item sent at once by two requests, each projected by its own transaction. (Their MERGE of
        // the UNDER_RUBRIC edge locks the rubric node, which orders them here; the check after commit does not rely on it.)
        int items = 24;
        List<String> pairs = new java.util.ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < items; i++) {
                String itemPrompt = "Concurrent question " + i + ": how long should I boil an egg?";
                for (String side : List.of("a", "b")) {
                    String ref = "feedback:mark-pair-" + i + "-" + side + "@1";
                    pairs.add(ref);
                    Map<String, Object> event = feedback(ref, itemPrompt, side.equals("a") ? 2.0 : 5.0, side.equals("a") ? ALICE : BOB,
                            rubric, POLICY_V2);
                    sent.add(pool.submit(() -> GraphQL.ok("recordFeedback", Map.of("events", List.of(event)))));
                }
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(pairs.stream().sorted().toList(), marked(pairs), "both labels of every item sent at once are marked");
        assertEquals(items + 1, conflicts("rubric", rubric, "first", 100).getList("data.conflicts.nodes").size());
    }
}
