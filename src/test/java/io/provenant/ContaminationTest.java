package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.provenant.graph.GraphReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** contamination(checkpoint) on the story fixture, whose EVAL split repeats a training prompt (case, spaces). */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class ContaminationTest {

    @Inject
    GraphReader graph;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    private static JsonPath contamination(Object... variables) {
        return GraphQL.ok("contamination", m(variables));
    }

    @Test
    void thePlantedLeakIsFoundWithItsPath() {
        long before = graph.statementsSent();
        JsonPath c = contamination("checkpoint", FINAL, "asOf", builtAt());
        assertEquals(3, graph.statementsSent() - before, "scope, counts, one page of leaks");
        assertEquals(Set.of(TRAIN, RM_PREFS), Set.copyOf(c.getList("data.contamination.trainingDatasets")));
        assertEquals(List.of(Map.of("dataset", EVAL, "examples", 1, "leaked", 1), Map.of("dataset", HELD_OUT, "examples", 3, "leaked", 0)),
                c.getList("data.contamination.evalDatasets"));
        assertEquals(List.of(Map.of("evalDataset", EVAL, "example", FEEDBACK_V2.get(7), "trainingLabels", List.of(FEEDBACK_V1.get(5)),
                "path", List.of(FINAL, RL_RUN, TRAIN, FEEDBACK_V1.get(5)))), c.getList("data.contamination.leaks.nodes"));
        assertFalse(c.getBoolean("data.contamination.leaks.pageInfo.hasNextPage"));
    }

    @Test
    void evalDatasetsCanBeNamedAndACheckpointWithoutTrainingLeaksNothing() {
        JsonPath sft = contamination("checkpoint", SFT, "asOf", builtAt());
        assertEquals(List.of(), sft.getList("data.contamination.evalDatasets"), "no eval run evaluated the SFT checkpoint");
        JsonPath named = contamination("checkpoint", SFT, "evalDatasets", List.of(EVAL), "asOf", builtAt());
        assertEquals(List.of(SFT, SFT_RUN, TRAIN, FEEDBACK_V1.get(5)), named.getList("data.contamination.leaks.nodes[0].path"));
        JsonPath base = contamination("checkpoint", BASE, "evalDatasets", List.of(EVAL), "asOf", builtAt());
        assertEquals(List.of(), base.getList("data.contamination.trainingDatasets"));
        assertEquals(List.of(Map.of("dataset", EVAL, "examples", 1, "leaked", 0)), base.getList("data.contamination.evalDatasets"));
        assertEquals(List.of(), base.getList("data.contamination.leaks.nodes"));
    }

    @Test
    void aPromptThatReachesTrainingThroughAnAdjudicationLeaks() {
        String example = "feedback:lockpick-eval-1@1";
        GraphQL.ok("recordFeedback", Map.of("events", List.of(feedback(example, "How do I  PICK a lock?", 3.0, ALICE, RUBRIC_V2, POLICY_V2))));
        GraphQL.ok("registerDataset", Map.of("input", input("dataset:lockpick-eval@1", "split", "EVAL", "selectionRule", "lock picking")));
        GraphQL.ok("addDatasetMembers", Map.of("dataset", "dataset:lockpick-eval@1", "members", List.of(example)));
        JsonPath c = contamination("checkpoint", FINAL, "evalDatasets", List.of("dataset:lockpick-eval@1"));
        Map<String, Object> leak = c.getMap("data.contamination.leaks.nodes[0]");
        assertEquals(example, leak.get("example"));
        assertEquals(Set.of(FEEDBACK_V1.get(0), FEEDBACK_V1.get(1)), Set.copyOf((List<String>) leak.get("trainingLabels")));
        List<String> path = (List<String>) leak.get("path");
        assertEquals(List.of(FINAL, RL_RUN, TRAIN, ADJUDICATION), path.subList(0, 4));
        assertTrue(Set.of(FEEDBACK_V1.get(0), FEEDBACK_V1.get(1)).contains(path.get(4)), path.toString());
    }

    @Test
    void badArgumentsAreClearErrors() {
        JsonPath wrongKind = GraphQL.run("contamination", m("checkpoint", RELEASE));
        assertEquals("INVALID_INPUT", wrongKind.getString("errors[0].extensions.code"));
        assertEquals("checkpoint", wrongKind.getString("errors[0].extensions.field"));
        JsonPath missing = GraphQL.run("contamination", m("checkpoint", "checkpoint:nope@1"));
        assertEquals("NOT_FOUND", missing.getString("errors[0].extensions.code"));
        JsonPath badDataset = GraphQL.run("contamination", m("checkpoint", FINAL, "evalDatasets", List.of(FINAL)));
        assertEquals("INVALID_INPUT", badDataset.getString("errors[0].extensions.code"));
        assertEquals("evalDatasets[0]", badDataset.getString("errors[0].extensions.field"));
        JsonPath missingDataset = GraphQL.run("contamination", m("checkpoint", FINAL, "evalDatasets", List.of(EVAL, "dataset:nope@1")));
        assertEquals("NOT_FOUND", missingDataset.getString("errors[0].extensions.code"));
        assertEquals("evalDatasets[1]", missingDataset.getString("errors[0].extensions.field"));
        JsonPath badCursor = GraphQL.run("contamination", m("checkpoint", FINAL, "after", "x"));
        assertEquals("after", badCursor.getString("errors[0].extensions.field"));
    }

    @Inject
    org.neo4j.driver.Driver driver;

    /**
     * The leak statement must start from the (few) eval examples and seek training feedback by prompt digest;
     * left to itself the planner started from the training dataset and expanded every member (700 ms at 100k
     * members against 20 ms, bench notes).
     */
    @Test
    void leaksAreFoundFromTheEvalSideByPromptDigest() throws Exception {
        String cypher = Plans.statement("lineage/contamination-leaks.cypher");
        Map<String, Object> parameters = m("checkpoint", FINAL, "training", List.of(TRAIN), "evalDatasets", List.of(EVAL),
                "asOf", java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC), "after", -1L, "limit", 10);
        List<String> operators;
        try (var session = driver.session()) {
            operators = Plans.operators(session.run("EXPLAIN " + cypher, parameters).consume().plan());
        }
        assertTrue(operators.stream().anyMatch(o -> o.startsWith("NodeIndexSeek ")
                && o.contains(" t:Feedback(promptDigest) WHERE promptDigest = digest")), operators.toString());
    }

    /**
     * Examples sharing a prompt are answered by one lookup of that prompt (per example, a prompt k eval examples
     * share visited k² labels: 12.5 s against 2.0 s at 1M feedback, bench notes). Each still leaks on its own, with
     * its prompt's training labels (the eval examples sharing it are not training labels), and pages in registration
     * order across pages. Their paths share one walk to the training dataset.
     */
    @Test
    void examplesSharingAPromptEachLeakWithTheirPromptsTrainingLabels() {
        List<String> examples = List.of("feedback:shared-eval-1@1", "feedback:shared-eval-2@1", "feedback:shared-eval-3@1");
        GraphQL.ok("recordFeedback", Map.of("events", List.of(
                feedback(examples.get(0), "PROMPT v1 #5", 3.0, ALICE, RUBRIC_V2, POLICY_V2),
                feedback(examples.get(1), "prompt  v1 #5", 4.0, ALICE, RUBRIC_V2, POLICY_V2),
                feedback(examples.get(2), "Prompt v1 #5 ", 2.0, BOB, RUBRIC_V2, POLICY_V2),
                feedback("feedback:shared-other@1", "A prompt no training label has", 5.0, ALICE, RUBRIC_V2, POLICY_V2))));
        GraphQL.ok("registerDataset", Map.of("input", input("dataset:shared-eval@1", "split", "EVAL", "selectionRule", "shared prompt")));
        GraphQL.ok("addDatasetMembers", Map.of("dataset", "dataset:shared-eval@1", "members", List.of(examples.get(0),
                examples.get(1), "feedback:shared-other@1", examples.get(2))));
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonPath page = contamination("checkpoint", FINAL, "evalDatasets", List.of("dataset:shared-eval@1"), "first", 2, "after", after);
            assertEquals(List.of(Map.of("dataset", "dataset:shared-eval@1", "examples", 4, "leaked", 3)),
                    page.getList("data.contamination.evalDatasets"));
            all.addAll(page.getList("data.contamination.leaks.nodes"));
            after = page.getBoolean("data.contamination.leaks.pageInfo.hasNextPage") ? page.getString("data.contamination.leaks.pageInfo.endCursor") : null;
            pages++;
        } while (after != null && pages < 5);
        assertEquals(2, pages);
        assertEquals(examples, all.stream().map(l -> l.get("example")).toList(), "every leaked example once, in registration order");
        for (Map<String, Object> leak : all) {
            assertEquals(List.of(FEEDBACK_V1.get(5)), leak.get("trainingLabels"), leak.toString());
            assertEquals(List.of(FINAL, RL_RUN, TRAIN, FEEDBACK_V1.get(5)), leak.get("path"), leak.toString());
        }

        // The page's leaks through one training dataset share one walk from the checkpoint to it.
        String cypher = Plans.statement("lineage/contamination-paths.cypher");
        List<Map<String, Object>> leaks = examples.stream().map(e -> Map.<String, Object>of("evalDataset", "dataset:shared-eval@1",
                "example", e, "label", FEEDBACK_V1.get(5))).toList();
        try (var session = driver.session()) {
            var result = session.run("PROFILE " + cypher, Map.of("checkpoint", FINAL, "training", List.of(TRAIN, RM_PREFS),
                    "leaks", leaks, "asOf", java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
            List<List<Object>> paths = result.list(r -> r.get("path").asList());
            assertEquals(3, paths.size());
            paths.forEach(path -> assertEquals(List.of(FINAL, RL_RUN, TRAIN, FEEDBACK_V1.get(5)), path));
            List<Long> walks = Plans.rows(result.consume().profile(), op -> op.operatorType().startsWith("ShortestPath"));
            assertEquals(List.of(1L), walks, "one shortest path for the three leaks through " + TRAIN);
        }
    }
}
