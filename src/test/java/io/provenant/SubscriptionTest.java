package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Subscriptions over a real WebSocket (graphql-transport-ws): registrations of two projects and several kinds arrive
 * filtered, in journal order, each once; a gate evaluation arrives on gateDecided; afterSequence replays from a
 * journal position, so the test does not depend on when the server attached the subscription.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class SubscriptionTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL base;

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    private static Map<String, Object> in(String project, Map<String, Object> input) {
        input.put("project", project);
        return input;
    }

    private static List<String> refs(List<JsonNode> messages, String field) {
        return messages.stream().map(m -> {
            assertEquals("next", m.path("type").asText(), "a next message: " + m);
            return m.path("payload").path("data").path(field).path(field.equals("gateDecided") ? "gate" : "ref").asText();
        }).toList();
    }

    @Test
    void matchingRegistrationsAndGateDecisionsArriveOnce() throws Exception {
        long head = stores.journalSize();
        try (GraphQLWebSocket ws = GraphQLWebSocket.connect(base.toString(), Api.ADMIN_TOKEN)) {
            ws.subscribe("mine", "subscription($after: BigInteger) { artifactRegistered(projects: [\"sub-a\"], kinds: [POLICY, RUBRIC],"
                    + " afterSequence: $after) { ref kind project journalSequence } }", Map.of("after", head));
            ws.subscribe("gates", "subscription($after: BigInteger) { gateDecided(projects: [\"assistant\"], afterSequence: $after)"
                    + " { gate decision checkpoint gatePolicy } }", Map.of("after", head));
            ws.subscribe("failed", "subscription($after: BigInteger) { gateDecided(decision: FAIL, afterSequence: $after) { gate } }",
                    Map.of("after", head));

            GraphQL.ok("registerPolicy", Map.of("input", in("sub-a", input("policy:sub-tone@1", "title", "Tone", "text", "Be kind."))));
            GraphQL.ok("registerPolicy", Map.of("input", in("sub-b", input("policy:sub-other@1", "title", "Other", "text", "Other project."))));
            GraphQL.ok("registerReviewer", Map.of("input", in("sub-a", input("reviewer:sub-frank@1", "role", "labeler", "tier", 1))));
            GraphQL.ok("registerRubric", Map.of("input", in("sub-a", input("rubric:sub-tone-rating@1", "policy", "policy:sub-tone@1",
                    "criteria", List.of(m("name", "kind", "description", "Is kind.")),
                    "labelSchema", m("type", "RATING", "ratingMin", 1.0, "ratingMax", 5.0)))));
            GraphQL.ok("evaluateGate", Map.of("input", input("gate:ship-assistant-7b@sub-2", "checkpoint", FINAL,
                    "gatePolicy", GATE_POLICY, "requestedBy", CAROL)));

            List<JsonNode> mine = ws.take("mine", 2, WAIT);
            assertEquals(List.of("policy:sub-tone@1", "rubric:sub-tone-rating@1"), refs(mine, "artifactRegistered"));
            assertEquals("sub-a", mine.get(0).path("payload").path("data").path("artifactRegistered").path("project").asText());
            List<JsonNode> gates = ws.take("gates", 1, WAIT);
            assertEquals(List.of("gate:ship-assistant-7b@sub-2"), refs(gates, "gateDecided"));
            JsonNode report = gates.get(0).path("payload").path("data").path("gateDecided");
            assertEquals("PASS", report.path("decision").asText());
            assertEquals(FINAL, report.path("checkpoint").asText());

            // Nothing else: the other project, the other kind and the PASS decision (on the FAIL-only subscription).
            GraphQL.ok("registerPolicy", Map.of("input", in("sub-a", input("policy:sub-tone@2", "title", "Tone", "text", "Be kinder.",
                    "supersedes", "policy:sub-tone@1"))));
            assertEquals(List.of("policy:sub-tone@2"), refs(ws.take("mine", 1, WAIT), "artifactRegistered"));
            assertNull(ws.next("mine", Duration.ofSeconds(2)), "no further registration matches");
            assertNull(ws.next("failed", Duration.ofMillis(100)), "the PASS decision is not on the FAIL subscription");

            // Identical re-registration is a no-op: no journal entry, no event.
            GraphQL.ok("registerPolicy", Map.of("input", in("sub-a", input("policy:sub-tone@1", "title", "Tone", "text", "Be kind."))));
            assertNull(ws.next("mine", Duration.ofSeconds(2)), "a no-op registration is not announced");
        }
    }

    @Test
    void liveSubscriptionWithoutPositionSeesLaterRegistrations() throws Exception {
        try (GraphQLWebSocket ws = GraphQLWebSocket.connect(base.toString(), Api.ADMIN_TOKEN)) {
            ws.subscribe("live", "subscription { artifactRegistered(projects: [\"sub-live\"]) { ref } }", Map.of());
            // The server attaches the subscription asynchronously: register until the first one is seen, then once more.
            JsonNode first = null;
            for (int i = 1; first == null && i <= 20; i++) {
                GraphQL.ok("registerPolicy", Map.of("input", in("sub-live", input("policy:sub-live-" + i + "@1", "title", "T", "text", "x"))));
                first = ws.next("live", Duration.ofSeconds(1));
            }
            assertEquals("next", first.path("type").asText(), first.toString());
            GraphQL.ok("registerPolicy", Map.of("input", in("sub-live", input("policy:sub-live-last@1", "title", "T", "text", "x"))));
            List<String> seen = new java.util.ArrayList<>();
            for (JsonNode message = ws.next("live", WAIT); message != null; message = ws.next("live", Duration.ofSeconds(2))) {
                seen.add(message.path("payload").path("data").path("artifactRegistered").path("ref").asText());
            }
            assertEquals("policy:sub-live-last@1", seen.get(seen.size() - 1), "arrives last, once: " + seen);
            assertEquals(seen.size(), seen.stream().distinct().count(), "each once: " + seen);
        }
    }

    @Test
    void aProjectScopedTokenFollowsOnlyItsProjectsAndNoTokenIsRefused() throws Exception {
        String scoped = GraphQL.ok("createToken", Map.of("input", m("subject", "sub-dashboard", "roles", List.of("READER"),
                "projects", List.of("sub-scoped")))).getString("data.createToken.token");
        long head = stores.journalSize();
        try (GraphQLWebSocket ws = GraphQLWebSocket.connect(base.toString(), scoped)) {
            ws.subscribe("other", "subscription { artifactRegistered(projects: [\"assistant\"]) { ref } }", Map.of());
            JsonNode refused = ws.take("other", 1, WAIT).get(0);
            assertEquals("error", refused.path("type").asText(), refused.toString());
            assertEquals("FORBIDDEN", refused.path("payload").path(0).path("extensions").path("code").asText(), refused.toString());
            ws.subscribe("own", "subscription($after: BigInteger) { artifactRegistered(afterSequence: $after) { ref project } }",
                    Map.of("after", head));
            GraphQL.ok("registerPolicy", Map.of("input", in("sub-unscoped", input("policy:sub-elsewhere@1", "title", "T", "text", "x"))));
            GraphQL.ok("registerPolicy", Map.of("input", in("sub-scoped", input("policy:sub-mine@1", "title", "T", "text", "x"))));
            assertEquals(List.of("policy:sub-mine@1"), refs(ws.take("own", 1, WAIT), "artifactRegistered"));
            assertNull(ws.next("own", Duration.ofSeconds(2)), "nothing of other projects");
        }
        try {
            GraphQLWebSocket.connect(base.toString(), null).close();
            throw new AssertionError("a WebSocket without a token must be refused");
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(String.valueOf(e.getCause()).contains("401") || e.getCause() instanceof java.net.http.WebSocketHandshakeException,
                    String.valueOf(e.getCause()));
        }
    }
}
