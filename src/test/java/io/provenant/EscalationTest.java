package io.provenant;

import static io.provenant.StoryFixture.*;
import static io.provenant.TriageTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
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
 * Escalation: an open escalation, its resolution as a new version that supersedes it (with the checks that keep the
 * versions one escalation), and escalations(...) with ages, on the story fixture: fb-003 escalated (@1) and resolved
 * by carol (@2), fb-005 escalated and left open.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class EscalationTest {

    static final String P = "escalation-test";

    @Inject
    Stores stores;

    @Inject
    GraphReader graph;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    private static Instant registeredAt(String ref) {
        return Instant.parse(GraphQL.ok("artifact", m("ref", ref)).getString("data.artifact.registeredAt"));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    @Test
    void unresolvedEscalationsWithTheirAgeAsOfAnInstant() {
        Instant opened = registeredAt(ESCALATION_OPEN);
        // asOf = opened + 1 h 0.25 s: by hand, ageSeconds = 3600.25.
        String asOf = opened.plusMillis(3_600_250).toString();
        long before = graph.statementsSent();
        JsonPath result = GraphQL.ok("escalations", m("project", PROJECT, "asOf", asOf));
        assertEquals(1, graph.statementsSent() - before, "one Neo4j statement");
        assertEquals(List.of(m("escalation", ESCALATION_OPEN, "feedback", FEEDBACK_V1.get(4), "fromTier", 1, "toTier", 2,
                "reason", "High severity: needs a senior reviewer.", "resolvedAt", null,
                "ageSeconds", 3600.25f, "resolved", false, "resolvedBy", null, "outcome", null, "newLabel", null)),
                withoutNullsAndTimes(result.getList("data.escalations.nodes")));
        assertEquals(opened, Instant.parse(result.getString("data.escalations.nodes[0].openedAt")));
        assertEquals(3600.25, result.getDouble("data.escalations.nodes[0].ageSeconds"), 1e-6);
        assertEquals(Instant.parse(asOf), Instant.parse(result.getString("data.escalations.asOf")));
        assertFalse(result.getBoolean("data.escalations.pageInfo.hasNextPage"));
    }

    /** m(...) drops null values: compare the answer without its null fields (and without openedAt, compared as an instant). */
    private static List<Map<String, Object>> withoutNullsAndTimes(List<Map<String, Object>> nodes) {
        return nodes.stream().map(n -> {
            Map<String, Object> copy = new java.util.LinkedHashMap<>(n);
            copy.put("ageSeconds", ((Number) n.get("ageSeconds")).floatValue());
            copy.remove("openedAt");
            copy.values().removeIf(v -> v == null);
            return (Map<String, Object>) copy;
        }).toList();
    }

    @Test
    void aResolvedEscalationIsItsLatestVersionAgedFromOpeningToResolution() {
        Instant opened = registeredAt(ESCALATION);
        Instant resolved = registeredAt(ESCALATION_RESOLVED);
        JsonPath all = GraphQL.ok("escalations", m("project", PROJECT, "unresolvedOnly", false, "asOf", builtAt()));
        assertEquals(List.of(ESCALATION_RESOLVED, ESCALATION_OPEN), all.getList("data.escalations.nodes.escalation"),
                "latest versions, in the order they were opened; escalation:fb-003@1 is superseded");
        Map<String, Object> fb003 = all.getMap("data.escalations.nodes[0]");
        assertEquals(FEEDBACK_V1.get(2), fb003.get("feedback"));
        assertEquals(opened, Instant.parse((String) fb003.get("openedAt")), "opened when version 1 was registered");
        assertEquals(resolved, Instant.parse((String) fb003.get("resolvedAt")), "resolved when version 2 was registered");
        assertEquals(seconds(opened, resolved), all.getDouble("data.escalations.nodes[0].ageSeconds"), 1e-6);
        assertEquals(true, fb003.get("resolved"));
        assertEquals(CAROL, fb003.get("resolvedBy"));
        assertEquals("label confirmed", fb003.get("outcome"));
        assertEquals("4.0", fb003.get("newLabel"));
        assertEquals("Policy-sensitive: unclear whether the request is benign.", fb003.get("reason"));

        // Between the two versions, fb-003's escalation was open: version 1, aged to asOf.
        Instant between = resolved.minusNanos(1_000);
        JsonPath then = GraphQL.ok("escalations", m("project", PROJECT, "asOf", between.toString()));
        assertEquals(List.of(ESCALATION), then.getList("data.escalations.nodes.escalation"), "fb-005's was not opened yet");
        assertEquals(seconds(opened, between), then.getDouble("data.escalations.nodes[0].ageSeconds"), 1e-6);
        assertFalse(then.getBoolean("data.escalations.nodes[0].resolved"));
        assertNull(then.get("data.escalations.nodes[0].resolvedBy"));
        // Before anything was escalated: none.
        assertEquals(List.of(), GraphQL.ok("escalations", m("project", PROJECT, "asOf", opened.minusNanos(1_000).toString()))
                .getList("data.escalations.nodes"));
    }

    @Test
    void escalationsArePagedByTheOrderTheyWereOpened() {
        JsonPath first = GraphQL.ok("escalations", m("project", PROJECT, "unresolvedOnly", false, "asOf", builtAt(), "first", 1));
        assertEquals(List.of(ESCALATION_RESOLVED), first.getList("data.escalations.nodes.escalation"));
        assertTrue(first.getBoolean("data.escalations.pageInfo.hasNextPage"));
        JsonPath second = GraphQL.ok("escalations", m("project", PROJECT, "unresolvedOnly", false, "asOf", builtAt(), "first", 1,
                "after", first.getString("data.escalations.pageInfo.endCursor")));
        assertEquals(List.of(ESCALATION_OPEN), second.getList("data.escalations.nodes.escalation"));
        assertFalse(second.getBoolean("data.escalations.pageInfo.hasNextPage"));
        assertError(GraphQL.run("escalations", m("first", 501)), "INVALID_INPUT", "first", "between 1 and 500");
        assertError(GraphQL.run("escalations", m("after", "bm9wZQ")), "INVALID_INPUT", "after", "is not a cursor of this list");
    }

    private static Map<String, Object> escalation(String version, Object... fields) {
        Map<String, Object> input = m("key", "et-fb-008", "version", version, "project", P, "feedback", FEEDBACK_V1.get(7),
                "fromTier", 1, "toTier", 2, "reason", "Unclear: asks for a second opinion.");
        input.putAll(m(fields));
        return input;
    }

    @Test
    void aResolutionIsANewVersionOfTheSameEscalationByAReviewerOfTheTargetTier() {
        GraphQL.ok("registerEscalation", Map.of("input", escalation("1")));
        long journal = stores.journalSize();
        Map<String, Object> resolution = m("resolvedBy", CAROL, "outcome", "relabeled", "judgment", m("type", "RATING", "rating", 3.0));
        assertError(GraphQL.run("registerEscalation", Map.of("input", escalation("2", "supersedes", "escalation:et-fb-008@1",
                "feedback", FEEDBACK_V1.get(6), "resolution", resolution))), "INVALID_INPUT", "input.feedback", "escalates the same feedback");
        assertError(GraphQL.run("registerEscalation", Map.of("input", escalation("2", "supersedes", "escalation:et-fb-008@1",
                "toTier", 3, "resolution", resolution))), "INVALID_INPUT", "input.toTier", "keeps its tiers");
        assertError(GraphQL.run("registerEscalation", Map.of("input", escalation("2", "supersedes", "escalation:et-fb-008@1",
                "resolution", m("resolvedBy", ALICE, "outcome", "relabeled")))), "INVALID_INPUT", "input.resolution.resolvedBy",
                "reviewer:alice@1 is a tier 1 reviewer; an escalation to tier 2 is resolved at tier 2 or higher.");
        assertError(GraphQL.run("registerEscalation", Map.of("input", escalation("2", "supersedes", "escalation:et-fb-008@1",
                "resolution", m("resolvedBy", CAROL, "outcome", "relabeled", "judgment", m("type", "RATING", "rating", 7.0))))),
                "INVALID_INPUT", "input.resolution.judgment.rating", "is 7.0; it must be between 1 and 5.");
        assertError(GraphQL.run("registerEscalation", Map.of("input", escalation("2", "supersedes", "escalation:et-fb-008@1",
                "resolution", m("resolvedBy", CAROL, "outcome", "relabeled", "judgment", m("type", "PREFERENCE", "preference", "RESPONSE"))))),
                "INVALID_INPUT", "input.resolution.judgment.type", "expects RATING judgments");
        assertError(GraphQL.run("registerEscalation", Map.of("input", escalation("2", "supersedes", "escalation:nope@1"))),
                "INVALID_INPUT", "input.supersedes", "must be another version of escalation:et-fb-008");
        assertEquals(journal, stores.journalSize(), "nothing journaled");
        assertEquals(0, stores.sql("SELECT count(*) FROM artifact WHERE ref = 'escalation:et-fb-008@2'"));

        JsonPath ok = GraphQL.ok("registerEscalation", Map.of("input", escalation("2", "supersedes", "escalation:et-fb-008@1",
                "resolution", resolution)));
        assertTrue(ok.getBoolean("data.registerEscalation.created"));
        assertFalse(GraphQL.ok("registerEscalation", Map.of("input", escalation("2", "supersedes", "escalation:et-fb-008@1",
                "resolution", resolution))).getBoolean("data.registerEscalation.created"), "an identical retry is a no-op");
        assertEquals(journal + 1, stores.journalSize());
        assertEquals(1, stores.edges("escalation:et-fb-008@2", "SUPERSEDES", "escalation:et-fb-008@1"));
        assertEquals(1, stores.edges("escalation:et-fb-008@2", "RESOLVED_BY", CAROL));
        assertEquals(List.of(), GraphQL.ok("escalations", m("project", P)).getList("data.escalations.nodes"), "resolved now");
        JsonPath all = GraphQL.ok("escalations", m("project", P, "unresolvedOnly", false));
        assertEquals(List.of("escalation:et-fb-008@2"), all.getList("data.escalations.nodes.escalation"));
        assertEquals("3.0", all.getString("data.escalations.nodes[0].newLabel"));
        assertEquals(seconds(registeredAt("escalation:et-fb-008@1"), registeredAt("escalation:et-fb-008@2")),
                all.getDouble("data.escalations.nodes[0].ageSeconds"), 1e-6);
    }
}
