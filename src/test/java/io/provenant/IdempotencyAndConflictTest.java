package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Same ref + same digest is a no-op returning the existing artifact; same ref + other digest is a CONFLICT. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class IdempotencyAndConflictTest {

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void rebuildingTheWholeStoryWritesNothing() {
        long journal = stores.journalSize();
        StoryFixture.build();
        assertEquals(journal, stores.journalSize());
    }

    @Test
    void identicalRegistrationReturnsTheExistingArtifact() {
        Map<String, Object> input = input("policy:idem@1", "title", "Idempotent", "text", "Same twice.");
        JsonPath first = GraphQL.ok("registerPolicy", Map.of("input", input));
        long journal = stores.journalSize();
        // Field order and explicit nulls do not change the digest.
        Map<String, Object> reordered = new java.util.LinkedHashMap<>();
        reordered.put("text", "Same twice.");
        reordered.put("uri", null);
        reordered.putAll(input);
        JsonPath second = GraphQL.ok("registerPolicy", Map.of("input", reordered));
        assertTrue(first.getBoolean("data.registerPolicy.created"));
        assertFalse(second.getBoolean("data.registerPolicy.created"));
        assertEquals(first.getString("data.registerPolicy.artifact.digest"), second.getString("data.registerPolicy.artifact.digest"));
        assertEquals(first.getLong("data.registerPolicy.artifact.journalSequence"), second.getLong("data.registerPolicy.artifact.journalSequence"));
        assertEquals(journal, stores.journalSize());
    }

    @Test
    void sameRefWithOtherContentIsAConflictAndWritesNothing() {
        GraphQL.ok("registerPolicy", Map.of("input", input("policy:conflict@1", "title", "Original", "text", "A.")));
        long journal = stores.journalSize();
        JsonPath result = GraphQL.run("registerPolicy", Map.of("input", input("policy:conflict@1", "title", "Changed", "text", "A.")));
        assertEquals("CONFLICT", result.getString("errors[0].extensions.code"));
        assertEquals("input", result.getString("errors[0].extensions.field"));
        assertTrue(result.getString("errors[0].message").contains("Artifact 'policy:conflict@1' is already registered with digest"),
                result.getString("errors[0].message"));
        org.junit.jupiter.api.Assertions.assertNull(result.get("data.registerPolicy"));
        assertEquals(journal, stores.journalSize());
        assertEquals(1, stores.cypher("MATCH (p:Policy {ref: 'policy:conflict@1', title: 'Original'}) RETURN count(p) AS n", Map.of()));
    }

    @Test
    void feedbackRetriesAreNoOpsAndMixedBatchesCreateOnlyTheNewEvents() {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(feedback("feedback:idem-" + i + "@1", "idempotent prompt " + i, 3.0, ALICE, RUBRIC_V2, POLICY_V2));
        }
        JsonPath first = GraphQL.ok("recordFeedback", Map.of("events", events.subList(0, 3)));
        assertEquals(3, first.getInt("data.recordFeedback.created"));
        long journal = stores.journalSize();
        JsonPath retry = GraphQL.ok("recordFeedback", Map.of("events", events));
        assertEquals(5, retry.getInt("data.recordFeedback.accepted"));
        assertEquals(2, retry.getInt("data.recordFeedback.created"));
        assertEquals(3, retry.getInt("data.recordFeedback.unchanged"));
        assertEquals(journal + 2, stores.journalSize());
        assertEquals(List.of("feedback:idem-0@1", "feedback:idem-1@1", "feedback:idem-2@1", "feedback:idem-3@1", "feedback:idem-4@1"),
                retry.getList("data.recordFeedback.refs"));
    }

    @Test
    void aBatchWithOneConflictingEventWritesNothing() {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(feedback("feedback:batch-conflict-" + i + "@1", "conflict prompt " + i, 3.0, ALICE, RUBRIC_V2, POLICY_V2));
        }
        // An event already recorded with other content, in the middle of the batch.
        events.set(10, feedback(FEEDBACK_V2.get(0), "a different prompt", 3.0, ALICE, RUBRIC_V2, POLICY_V2));
        long journal = stores.journalSize();
        JsonPath result = GraphQL.run("recordFeedback", Map.of("events", events));
        assertEquals("CONFLICT", result.getString("errors[0].extensions.code"));
        assertEquals("events[10]", result.getString("errors[0].extensions.field"));
        assertEquals(journal, stores.journalSize());
        assertEquals(0, stores.sql("SELECT count(*) FROM artifact WHERE key LIKE 'batch-conflict-%'"));
        assertEquals(0, stores.cypher("MATCH (f:Artifact) WHERE f.key STARTS WITH 'batch-conflict-' RETURN count(f) AS n", Map.of()));
    }

    @Test
    void twoEventsWithTheSameRefAndOtherContentInOneBatchConflict() {
        List<Map<String, Object>> events = List.of(
                feedback("feedback:twice@1", "first text", 3.0, ALICE, RUBRIC_V2, POLICY_V2),
                feedback("feedback:twice@1", "second text", 3.0, ALICE, RUBRIC_V2, POLICY_V2));
        JsonPath result = GraphQL.run("recordFeedback", Map.of("events", events));
        assertEquals("CONFLICT", result.getString("errors[0].extensions.code"));
        assertEquals("events[1]", result.getString("errors[0].extensions.field"));
        assertEquals(0, stores.sql("SELECT count(*) FROM artifact WHERE ref = 'feedback:twice@1'"));
    }
}
