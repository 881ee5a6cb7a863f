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

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** recordFeedback is atomic per call: one bad event in 1,000 and nothing is written anywhere. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class AtomicBatchTest {

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    private static List<Map<String, Object>> batch(String prefix, int size) {
        List<Map<String, Object>> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            events.add(feedback("feedback:" + prefix + "-" + i + "@1", "batch prompt " + i, 1.0 + i % 5, i % 2 == 0 ? ALICE : BOB,
                    RUBRIC_V2, POLICY_V2));
        }
        return events;
    }

    private void assertNothingWritten(String prefix, long journalBefore) {
        assertEquals(journalBefore, stores.journalSize(), "journal entries");
        assertEquals(0, stores.sql("SELECT count(*) FROM artifact WHERE key LIKE ?", prefix + "-%"), "artifact rows");
        assertEquals(0, stores.sql("SELECT count(*) FROM outbox"), "outbox rows");
        assertEquals(0, stores.cypher("MATCH (a:Artifact) WHERE a.key STARTS WITH $prefix RETURN count(a) AS n",
                Map.of("prefix", prefix + "-")), "Neo4j nodes");
    }

    @Test
    void oneDanglingReviewerInAThousandRejectsTheWholeBatch() {
        List<Map<String, Object>> events = batch("dangling", 1000);
        events.get(537).put("reviewer", "reviewer:nobody@1");
        long journal = stores.journalSize();
        JsonPath result = GraphQL.run("recordFeedback", Map.of("events", events));
        assertEquals("NOT_FOUND", result.getString("errors[0].extensions.code"));
        assertEquals("events[537].reviewer", result.getString("errors[0].extensions.field"));
        assertEquals("events[537].reviewer: Artifact 'reviewer:nobody@1' not found.", result.getString("errors[0].message"));
        assertNothingWritten("dangling", journal);
    }

    @Test
    void oneInvalidRatingInAThousandRejectsTheWholeBatch() {
        List<Map<String, Object>> events = batch("badrating", 1000);
        ((Map<String, Object>) events.get(999).get("judgment")).put("rating", 9.0);
        long journal = stores.journalSize();
        JsonPath result = GraphQL.run("recordFeedback", Map.of("events", events));
        assertEquals("INVALID_INPUT", result.getString("errors[0].extensions.code"));
        assertEquals("events[999].judgment.rating", result.getString("errors[0].extensions.field"));
        assertTrue(result.getString("errors[0].message").contains("between 1 and 5"), result.getString("errors[0].message"));
        assertNothingWritten("badrating", journal);
    }

    @Test
    void aGoodThousandIsWrittenWholeToBothStores() {
        List<Map<String, Object>> events = batch("good", 1000);
        long journal = stores.journalSize();
        JsonPath result = GraphQL.ok("recordFeedback", Map.of("events", events));
        assertEquals(1000, result.getInt("data.recordFeedback.created"));
        assertEquals(journal + 1000, stores.journalSize());
        assertEquals(1000, stores.cypher("MATCH (f:Feedback)-[:LABELED_BY]->(:Reviewer) WHERE f.key STARTS WITH 'good-'"
                + " RETURN count(f) AS n", Map.of()));
        assertEquals(1000, stores.cypher("MATCH (f:Feedback)-[:UNDER_RUBRIC]->(:Rubric {ref: $rubric}) WHERE f.key STARTS WITH 'good-'"
                + " RETURN count(f) AS n", Map.of("rubric", RUBRIC_V2)));
    }

    @Test
    void batchesOverTheLimitAreRefused() {
        JsonPath result = GraphQL.run("recordFeedback", Map.of("events", batch("toolarge", 10_001)));
        assertEquals("INVALID_INPUT", result.getString("errors[0].extensions.code"));
        assertEquals("events", result.getString("errors[0].extensions.field"));
        assertTrue(result.getString("errors[0].message").contains("at most 10000 per call"));
        JsonPath empty = GraphQL.run("recordFeedback", Map.of("events", List.of()));
        assertEquals("INVALID_INPUT", empty.getString("errors[0].extensions.code"));
    }
}
