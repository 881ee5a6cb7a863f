package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.provenant.artifact.Digests;
import io.provenant.graph.GraphReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Triage: versioned rule sets (the triage kind), events routed by them when recorded (the routing journaled in the
 * event's payload), and reviewQueue with statuses, on the story fixture (expected queues by hand, see
 * {@link StoryFixture#TRIAGED}) and on rule versions of a project of its own.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class TriageTest {

    static final String P = "triage-test";
    static final String RULES_1 = "triage:tt-rules@1";
    static final String RULES_2 = "triage:tt-rules@2";

    @Inject
    Stores stores;

    @Inject
    GraphReader graph;

    @Inject
    org.neo4j.driver.Driver driver;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
        GraphQL.ok("registerTriage", Map.of("input", m("key", "tt-rules", "version", "1", "project", P,
                "rules", List.of(m("category", "spam", "severity", "*", "queue", "tt-spam", "priority", 50)),
                "defaultQueue", "tt-general", "defaultPriority", 20)));
        GraphQL.ok("registerTriage", Map.of("input", m("key", "tt-rules", "version", "2", "project", P, "supersedes", RULES_1,
                "rules", List.of(m("category", "spam", "severity", "high", "queue", "tt-abuse", "priority", 2),
                        m("category", "spam", "severity", "*", "queue", "tt-spam", "priority", 40)),
                "defaultQueue", "tt-general", "defaultPriority", 20)));
    }

    private static Map<String, Object> event(String key, String rules, String category, String severity) {
        Map<String, Object> event = feedback("feedback:" + key + "@1", "triage test prompt " + key, 3.0, ALICE, RUBRIC_V2, POLICY_V2);
        event.put("project", P);
        event.put("triage", m("rules", rules, "category", category, "severity", severity));
        return event;
    }

    private static List<Map<String, Object>> queue(String queue, Object... more) {
        List<Object> variables = new ArrayList<>(List.of("queue", queue));
        variables.addAll(List.of(more));
        return GraphQL.ok("reviewQueue", m(variables.toArray())).getList("data.reviewQueue.nodes");
    }

    private static Map<String, Object> item(String feedback, int priority, String status, String category, String severity,
            String matchedRule, List<String> escalations) {
        String recordedAt = GraphQL.ok("artifact", m("ref", feedback)).getString("data.artifact.registeredAt");
        return m("feedback", feedback, "priority", priority, "status", status, "routedBy", TRIAGE, "category", category,
                "severity", severity, "matchedRule", matchedRule, "recordedAt", recordedAt, "escalations", escalations);
    }

    @Test
    void theStoryQueuesHoldTheRoutedEventsByPriorityThenRegistrationWithTheirStatus() {
        // safety: fb-004 (privacy, high → rules[2], priority 5) first; then fb-001 and fb-002 (dangerous-advice, medium →
        // rules[1], priority 10), in registration order; both adjudicated (adjudication:fb-001-002@1 resolves them).
        assertEquals(List.of(item(FEEDBACK_V1.get(3), 5, "OPEN", "privacy", "high", "rules[2]", List.of()),
                item(FEEDBACK_V1.get(0), 10, "ADJUDICATED", "dangerous-advice", "medium", "rules[1]", List.of()),
                item(FEEDBACK_V1.get(1), 10, "ADJUDICATED", "dangerous-advice", "medium", "rules[1]", List.of())),
                queue("safety", "project", PROJECT));
        // safety-urgent: fb-003 and fb-005 (dangerous-advice, high → rules[0], priority 1); fb-003's escalation was resolved
        // by its version 2, fb-005's is open.
        assertEquals(List.of(item(FEEDBACK_V1.get(2), 1, "RESOLVED", "dangerous-advice", "high", "rules[0]", List.of(ESCALATION_RESOLVED)),
                item(FEEDBACK_V1.get(4), 1, "ESCALATED", "dangerous-advice", "high", "rules[0]", List.of(ESCALATION_OPEN))),
                queue("safety-urgent", "project", PROJECT));
        // general: fb-006 (chit-chat, low): no rule matches → the default queue and priority.
        assertEquals(List.of(item(FEEDBACK_V1.get(5), 100, "OPEN", "chit-chat", "low", "default", List.of())),
                queue("general", "project", PROJECT));
        assertEquals(List.of(FEEDBACK_V1.get(0), FEEDBACK_V1.get(1)),
                GraphQL.ok("reviewQueue", m("queue", "safety", "project", PROJECT, "status", "ADJUDICATED")).getList("data.reviewQueue.nodes.feedback"));
        assertEquals(List.of(FEEDBACK_V1.get(4)),
                GraphQL.ok("reviewQueue", m("queue", "safety-urgent", "status", "ESCALATED")).getList("data.reviewQueue.nodes.feedback"));
        assertEquals(List.of(), queue("safety", "project", PROJECT, "status", "RESOLVED"));
        assertEquals(List.of(), queue("no-such-queue"));
        // Unrouted events (fb-007, fb-008, rubric v2) carry no routing.
        assertEquals(0, stores.cypher("MATCH (f:Feedback) WHERE f.ref IN $refs AND (f.queue IS NOT NULL OR (f)-[:ROUTED_BY]->())"
                + " RETURN count(f) AS n", Map.of("refs", List.of(FEEDBACK_V1.get(6), FEEDBACK_V1.get(7), FEEDBACK_V2.get(0)))));
    }

    @Test
    void aQueueIsKeysetPagedInOneStatementPerPage() {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            long before = graph.statementsSent();
            JsonPath page = GraphQL.ok("reviewQueue", m("queue", "safety", "project", PROJECT, "first", 1, "after", after));
            assertEquals(1, graph.statementsSent() - before, "one Neo4j statement per page");
            seen.addAll(page.getList("data.reviewQueue.nodes.feedback"));
            after = page.getBoolean("data.reviewQueue.pageInfo.hasNextPage") ? page.getString("data.reviewQueue.pageInfo.endCursor") : null;
            pages++;
        } while (after != null);
        assertEquals(3, pages);
        assertEquals(List.of(FEEDBACK_V1.get(3), FEEDBACK_V1.get(0), FEEDBACK_V1.get(1)), seen);
    }

    @Test
    void theRoutingIsRecordedInTheJournaledPayloadSoTheDigestCoversIt() {
        JsonPath artifact = GraphQL.ok("artifact", m("ref", FEEDBACK_V1.get(2)));
        String payload = artifact.getString("data.artifact.payload");
        assertTrue(payload.contains("\"triage\":{\"category\":\"dangerous-advice\",\"matchedRule\":\"rules[0]\",\"priority\":1,"
                + "\"queue\":\"safety-urgent\",\"rules\":\"" + TRIAGE + "\",\"severity\":\"high\"}"), payload);
        assertEquals(Digests.sha256(payload), artifact.getString("data.artifact.digest"));
        assertEquals(payload, stores.sqlText("SELECT payload FROM journal WHERE ref = '" + FEEDBACK_V1.get(2) + "'"));
        assertTrue(artifact.getList("data.artifact.references").contains(Map.of("type", "ROUTED_BY", "field", "triage.rules", "ref", TRIAGE)));
        assertEquals(1, stores.cypher("MATCH (f:Feedback {ref: $ref}) WHERE f.queue = 'safety-urgent' AND f.priority = 1"
                + " AND f.matchedRule = 'rules[0]' RETURN count(f) AS n", Map.of("ref", FEEDBACK_V1.get(2))));
        JsonPath rules = GraphQL.ok("artifact", m("ref", TRIAGE));
        assertEquals("TRIAGE", rules.getString("data.artifact.kind"));
        assertEquals(1, stores.cypher("MATCH (t:Triage {ref: $ref}) WHERE t.ruleCount = 3 AND t.defaultQueue = 'general'"
                + " AND t.defaultPriority = 100 RETURN count(t) AS n", Map.of("ref", TRIAGE)));
    }

    @Test
    void eventsAreRoutedByTheRuleVersionTheyNameAndAnIdenticalRetryIsANoOp() {
        List<Map<String, Object>> events = List.of(event("tt-1", RULES_1, "spam", "high"), event("tt-2", RULES_2, "spam", "high"),
                event("tt-3", RULES_2, "spam", "low"), event("tt-4", RULES_2, "praise", "low"));
        GraphQL.ok("recordFeedback", Map.of("events", events));
        long journal = stores.journalSize();
        JsonPath again = GraphQL.ok("recordFeedback", Map.of("events", events));
        assertEquals(0, again.getInt("data.recordFeedback.created"));
        assertEquals(4, again.getInt("data.recordFeedback.unchanged"));
        assertEquals(journal, stores.journalSize(), "an identical retry writes nothing");
        // Version 1 sends all spam to tt-spam at 50; version 2 sends high-severity spam to tt-abuse at 2, other spam to
        // tt-spam at 40; both send the rest to tt-general at 20.
        assertEquals(List.of("feedback:tt-3@1", "feedback:tt-1@1"), GraphQL.ok("reviewQueue", m("queue", "tt-spam", "project", P))
                .getList("data.reviewQueue.nodes.feedback"));
        assertEquals(List.of(40, 50), GraphQL.ok("reviewQueue", m("queue", "tt-spam")).getList("data.reviewQueue.nodes.priority"));
        assertEquals(List.of(RULES_2, RULES_1), GraphQL.ok("reviewQueue", m("queue", "tt-spam")).getList("data.reviewQueue.nodes.routedBy"));
        assertEquals(List.of(Map.of("feedback", "feedback:tt-2@1", "matchedRule", "rules[0]", "priority", 2)),
                GraphQL.ok("reviewQueue", m("queue", "tt-abuse")).getList("data.reviewQueue.nodes").stream()
                        .map(n -> Map.of("feedback", ((Map<?, ?>) n).get("feedback"), "matchedRule", ((Map<?, ?>) n).get("matchedRule"),
                                "priority", ((Map<?, ?>) n).get("priority"))).toList());
        assertEquals(List.of("default"), GraphQL.ok("reviewQueue", m("queue", "tt-general")).getList("data.reviewQueue.nodes.matchedRule"));
        assertEquals(1, stores.edges("feedback:tt-1@1", "ROUTED_BY", RULES_1));
        assertEquals(1, stores.edges("feedback:tt-2@1", "ROUTED_BY", RULES_2));

        // The same event triaged otherwise is another registration of the same ref: a conflict, nothing written.
        JsonPath changed = GraphQL.run("recordFeedback", Map.of("events", List.of(event("tt-1", RULES_1, "praise", "high"))));
        assertEquals("CONFLICT", changed.getString("errors[0].extensions.code"), changed.prettify());
        assertEquals("events[0]", changed.getString("errors[0].extensions.field"));
        assertEquals(journal, stores.journalSize());
    }

    @Test
    void badTriageInputIsRefusedWithTheFieldAndWritesNothing() {
        long journal = stores.journalSize();
        long nodes = stores.cypher("MATCH (a:Artifact) RETURN count(a) AS n", Map.of());
        Map<String, Object> routed = event("tt-bad", RULES_1, "spam", "low");
        ((Map<String, Object>) routed.get("triage")).put("queue", "vip");
        assertError(GraphQL.run("recordFeedback", Map.of("events", List.of(event("tt-ok", RULES_1, "spam", "low"), routed))),
                "INVALID_INPUT", "events[1].triage.queue", "is recorded by the server");
        assertError(GraphQL.run("recordFeedback", Map.of("events", List.of(event("tt-bad", "triage:nope@1", "spam", "low")))),
                "NOT_FOUND", "events[0].triage.rules", "Artifact 'triage:nope@1' not found.");
        assertError(GraphQL.run("recordFeedback", Map.of("events", List.of(event("tt-bad", RUBRIC_V2, "spam", "low")))),
                "INVALID_INPUT", "events[0].triage.rules", "is a rubric");
        assertError(GraphQL.run("recordFeedback", Map.of("events", List.of(event("tt-bad", RULES_1, "*", "low")))),
                "INVALID_INPUT", "events[0].triage.category", "an event has one category");
        assertError(GraphQL.run("registerTriage", Map.of("input", m("key", "tt-bad", "version", "1", "project", P,
                "rules", List.of(m("category", "spam", "severity", "*", "queue", "q", "priority", 1),
                        m("category", "spam", "severity", "high", "queue", "q2", "priority", 0)),
                "defaultQueue", "q", "defaultPriority", 5))), "INVALID_INPUT", "input.rules[1]", "never matches: rules[0]");
        assertError(GraphQL.run("registerTriage", Map.of("input", m("key", "tt-bad", "version", "1", "project", P,
                "rules", List.of(m("category", "spam", "severity", "*", "queue", "q", "priority", 1001)),
                "defaultQueue", "q", "defaultPriority", 5))), "INVALID_INPUT", "input.rules[0].priority", "between 0 and 1000");
        assertError(GraphQL.run("registerTriage", Map.of("input", m("key", "tt-bad", "version", "1", "project", P,
                "rules", List.of(), "defaultPriority", 5))), "INVALID_INPUT", "input.defaultQueue", "is required");
        assertEquals(journal, stores.journalSize(), "nothing journaled");
        assertEquals(nodes, stores.cypher("MATCH (a:Artifact) RETURN count(a) AS n", Map.of()), "nothing projected");
        assertEquals(0, stores.sql("SELECT count(*) FROM artifact WHERE ref IN ('feedback:tt-ok@1', 'feedback:tt-bad@1', 'triage:tt-bad@1')"));

        assertError(GraphQL.run("reviewQueue", m("queue", "safety", "first", 0)), "INVALID_INPUT", "first", "between 1 and 500");
        assertError(GraphQL.run("reviewQueue", m("queue", "safety", "after", "bm90LWEtY3Vyc29y")), "INVALID_INPUT", "after",
                "is not a cursor of this list");
        assertError(GraphQL.run("reviewQueue", m("queue", " ")), "INVALID_INPUT", "queue", "must not be blank");
    }

    @Test
    void theQueueStatementSeeksTheQueueIndexAndScansNoLabel() throws Exception {
        String cypher = Plans.statement("review/triage-queue.cypher");
        Map<String, Object> parameters = new java.util.HashMap<>(m("queue", "safety", "afterPriority", -1L, "afterSeq", -1L, "limit", 51));
        parameters.put("project", null);
        parameters.put("status", null);
        List<String> operators;
        try (var session = driver.session()) {
            operators = Plans.operators(session.run("EXPLAIN " + cypher, parameters).consume().plan());
        }
        assertTrue(operators.stream().anyMatch(o -> o.startsWith("NodeIndexSeek") && o.contains("Feedback(queue)")), operators.toString());
        assertTrue(operators.stream().noneMatch(o -> o.startsWith("AllNodesScan") || o.startsWith("NodeByLabelScan")), operators.toString());
    }

    static void assertError(JsonPath result, String code, String field, String reason) {
        assertEquals(code, result.getString("errors[0].extensions.code"), result.prettify());
        assertEquals(field, result.getString("errors[0].extensions.field"), result.prettify());
        assertTrue(result.getString("errors[0].message").contains(reason), result.getString("errors[0].message"));
        Object data = result.get("data");
        assertTrue(data == null || ((Map<?, ?>) data).values().stream().allMatch(v -> v == null), result.prettify());
    }
}
