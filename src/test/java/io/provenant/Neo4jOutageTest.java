package io.provenant;

import static io.provenant.StoryFixture.*;
import static io.provenant.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.provenant.api.ProvenantError;
import io.provenant.graph.GraphReader;
import io.provenant.runtime.EmbeddedNeo4j;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Neo4j goes down while writes continue (the real server process is stopped): writes are accepted into the
 * journal and say they are not projected yet, readiness is 503, and when the same Neo4j comes back the running
 * service catches up by itself; the caught-up graph then has the digest of a graph rebuilt from the journal.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class Neo4jOutageTest {

    static final int EVENTS = 2_000;
    static final int POLICIES = 20;

    @Inject
    Stores stores;

    @Inject
    GraphReader graph;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void writesDuringAnOutageAreJournaledAndProjectedByThemselvesWhenNeo4jReturns() throws Exception {
        Path serversDir = Path.of(ConfigProvider.getConfig().getValue("provenant.test.servers-dir", String.class));
        String uri = ConfigProvider.getConfig().getValue("quarkus.neo4j.uri", String.class);
        int port = Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
        ProcessHandle neo4j = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("io.provenant.neo4jserver.Neo4jServer"))
                .findFirst().orElseThrow(() -> new AssertionError("the test Neo4j is not a child of this JVM"));
        neo4j.destroy();
        neo4j.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);

        long journalBefore = stores.journalSize();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(feedback("feedback:outage-" + i + "@1", "outage prompt " + i, 2.0, BOB, RUBRIC_V2, POLICY_V2));
        }
        JsonPath batch = GraphQL.ok("recordFeedback", Map.of("events", events));
        assertEquals(EVENTS, batch.getInt("data.recordFeedback.created"));
        assertFalse(batch.getBoolean("data.recordFeedback.projected"), "accepted into the journal, not yet in the graph");
        for (int i = 0; i < POLICIES; i++) {
            JsonPath policy = GraphQL.ok("registerPolicy", Map.of("input", input("policy:outage-" + i + "@1", "title", "t", "text", "x")));
            assertFalse(policy.getBoolean("data.registerPolicy.projected"));
        }
        assertEquals(journalBefore + EVENTS + POLICIES, stores.journalSize(), "one journal entry per event and per registration");
        given().when().get("/q/health/ready").then().statusCode(503);
        JsonPath read = GraphQL.run("lineage", Map.of("ref", RELEASE));
        assertEquals("UNAVAILABLE", read.getString("errors[0].extensions.code"), read.prettify());
        JsonPath provenance = GraphQL.run("releaseProvenance", Map.of("release", RELEASE));
        assertEquals("UNAVAILABLE", provenance.getString("errors[0].extensions.code"), provenance.prettify());
        // statements sent side by side (releaseProvenance's passes) are refused alike
        GraphReader.Statement root = new GraphReader.Statement("lineage/root.cypher", Map.of("ref", RELEASE));
        ProvenantError.Unavailable refused = assertThrows(ProvenantError.Unavailable.class, () -> graph.readEach(List.of(root, root, root)));
        assertTrue(refused.getMessage().contains("Neo4j is unavailable"), refused.getMessage());
        // one statement alone (an auto-commit transaction, sent again with the driver's retries when it cannot be) too
        ProvenantError.Unavailable alone = assertThrows(ProvenantError.Unavailable.class, () -> graph.readOne("lineage/root.cypher", Map.of("ref", RELEASE)));
        assertTrue(alone.getMessage().contains("Neo4j is unavailable"), alone.getMessage());
        JsonPath impact = GraphQL.run("impact", Map.of("ref", RELEASE));
        assertEquals("UNAVAILABLE", impact.getString("errors[0].extensions.code"), impact.prettify());

        EmbeddedNeo4j restarted = EmbeddedNeo4j.start(Path.of("neo4j-server", "target"), serversDir.resolve("neo4j"), port, "512m", "64m");
        assertTrue(restarted.isAlive());
        long back = System.nanoTime();
        stores.awaitEmptyOutbox(); // the running service catches up by itself
        long catchUpMillis = (System.nanoTime() - back) / 1_000_000;
        assertEquals(EVENTS, stores.cypher("MATCH (f:Feedback) WHERE f.ref STARTS WITH 'feedback:outage-' RETURN count(f) AS n", Map.of()));
        assertEquals(POLICIES, stores.cypher("MATCH (p:Policy) WHERE p.ref STARTS WITH 'policy:outage-' RETURN count(p) AS n", Map.of()));
        given().when().get("/q/health/ready").then().statusCode(200);
        JsonPath fresh = GraphQL.runText("{ lineage(ref: \"" + RELEASE + "\") { totalCount freshness { journalReachable pendingEntries lastProjectedAt } } }", Map.of());
        assertEquals(true, fresh.get("data.lineage.freshness.journalReachable"), fresh.prettify());
        assertEquals(0, fresh.getInt("data.lineage.freshness.pendingEntries"));
        assertNotNull(fresh.get("data.lineage.freshness.lastProjectedAt"));

        String caughtUp = GraphQL.ok("graphDigest", Map.of()).getString("data.graphDigest.digest");
        String rebuilt = GraphQL.ok("rebuildGraph", Map.of()).getString("data.rebuildGraph.digest.digest");
        assertEquals(rebuilt, caughtUp, "the graph that caught up equals the graph rebuilt from the journal");
        System.out.printf("MEASURED-CATCH-UP: outage of %d journal entries (%d feedback events in one batch + %d registrations);"
                + " the running service caught up %d ms after Neo4j returned; digest equal to a rebuild's%n", EVENTS + POLICIES, EVENTS,
                POLICIES, catchUpMillis);
    }
}
