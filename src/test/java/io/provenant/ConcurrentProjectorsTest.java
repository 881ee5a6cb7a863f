package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.provenant.journal.Projector;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Several projectors draining one outbox at once (as several replicas do, plus the scheduled drain) apply
 * every entry exactly once: none skipped, none applied twice (FOR UPDATE SKIP LOCKED), counted by the
 * projector's own tally of applied entries.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class ConcurrentProjectorsTest {

    static final int BATCHES = 6;
    static final int EVENTS = 500;

    @Inject
    Stores stores;

    @Inject
    Projector projector;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void fourConcurrentDrainsApplyEveryBackloggedEntryExactlyOnce() throws Exception {
        stores.awaitEmptyOutbox();
        try (Connection rebuild = dataSource.getConnection()) {
            // Hold off every projection (what a graph rebuild does) so a backlog builds up in the outbox.
            Stores.advisory(rebuild, "pg_advisory_lock", Projector.PROJECTION_LOCK);
            try {
                for (int b = 0; b < BATCHES; b++) {
                    List<Map<String, Object>> events = new ArrayList<>();
                    for (int i = 0; i < EVENTS; i++) {
                        events.add(feedback("feedback:drain-" + b + "-" + i + "@1", "drain prompt " + b + "/" + i, 4.0, ALICE,
                                RUBRIC_V2, POLICY_V2));
                    }
                    JsonPath batch = GraphQL.ok("recordFeedback", Map.of("events", events));
                    assertFalse(batch.getBoolean("data.recordFeedback.projected"));
                }
            } finally {
                Stores.advisory(rebuild, "pg_advisory_unlock", Projector.PROJECTION_LOCK);
            }
        }
        assertEquals(BATCHES * EVENTS, stores.sql("SELECT count(*) FROM outbox"));
        long before = projector.projectedEntries();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> drains = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                drains.add(pool.submit(() -> {
                    for (int round = 0; round < 3; round++) {
                        projector.drain();
                    }
                }));
            }
            for (Future<?> drain : drains) {
                drain.get();
            }
        } finally {
            pool.shutdown();
        }
        stores.awaitEmptyOutbox();
        assertEquals(BATCHES * EVENTS, projector.projectedEntries() - before, "every entry applied once, none twice");
        assertEquals(BATCHES * EVENTS, stores.cypher("MATCH (f:Feedback) WHERE f.ref STARTS WITH 'feedback:drain-' RETURN count(f) AS n", Map.of()));
        assertEquals(BATCHES * EVENTS, stores.cypher("MATCH (f:Feedback)-[r:UNDER_RUBRIC]->() WHERE f.ref STARTS WITH 'feedback:drain-'"
                + " RETURN count(r) AS n", Map.of()), "one edge per event, no duplicates");
    }
}
