package io.provenant.graph;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import io.agroal.api.AgroalDataSource;
import io.provenant.GraphQL;
import io.provenant.Plans;
import io.provenant.ProvenantTestServers;
import io.provenant.Stores;
import io.provenant.StoryFixture;
import io.provenant.journal.Projector;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The graph is a projection of the journal: wiped and rebuilt through rebuildGraph it has the same digest, the same
 * counts and the same constraints and indexes; the digest does see one changed property; a second rebuild is
 * refused; and writes made while a rebuild holds the graph wait in the outbox and are projected after it.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class GraphRebuildTest {

    @Inject
    Stores stores;

    @Inject
    Driver driver;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void story() throws InterruptedException {
        StoryFixture.ensureBuilt();
        stores.awaitEmptyOutbox(); // the live graph holds the whole journal
    }

    @Test
    void aRebuiltGraphHasTheDigestCountsAndSchemaOfTheLiveGraph() throws Exception {
        JsonPath live = GraphQL.ok("graphDigest", Map.of());
        long nodes = stores.cypher("MATCH (n) WHERE NOT n:__Neo4jMigration RETURN count(n) AS n", Map.of());
        long edges = stores.cypher("MATCH ()-[r]->() RETURN count(r) AS n", Map.of());
        assertEquals(nodes, live.getLong("data.graphDigest.nodeCount"));
        assertEquals(edges, live.getLong("data.graphDigest.edgeCount"));
        assertEquals(stores.sql("SELECT (SELECT count(*) FROM artifact) + (SELECT count(*) FROM consent_revocation)"), nodes,
                "one node per artifact and revocation");
        assertTrue(edges > 100, "the story's edges are in the graph: " + edges);
        Set<String> constraints = schema("SHOW CONSTRAINTS YIELD name RETURN name");
        Set<String> indexes = schema("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name");
        assertTrue(constraints.containsAll(Set.of("artifact_ref", "consent_revocation_subject", "neo4j_migration_version")),
                constraints.toString());
        assertTrue(indexes.containsAll(Set.of("artifact_seq", "feedback_prompt_digest", "feedback_consent_subject")), indexes.toString());

        // Lose the graph: every node, relationship, constraint and index (Neo4j's own LOOKUP indexes stay).
        for (String constraint : constraints) {
            stores.cypherWrite("DROP CONSTRAINT `" + constraint + "`", Map.of());
        }
        for (String index : schema("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name")) {
            stores.cypherWrite("DROP INDEX `" + index + "`", Map.of());
        }
        stores.cypherWrite("MATCH (n) DETACH DELETE n", Map.of());
        assertEquals(0, stores.cypher("MATCH (n) RETURN count(n) AS n", Map.of()));
        assertEquals(Set.of(), schema("SHOW CONSTRAINTS YIELD name RETURN name"));
        assertNotEquals(live.getString("data.graphDigest.digest"), GraphQL.ok("graphDigest", Map.of()).getString("data.graphDigest.digest"));

        JsonPath rebuilt = GraphQL.ok("rebuildGraph", Map.of());

        assertEquals(stores.journalSize(), rebuilt.getLong("data.rebuildGraph.entriesReplayed"));
        assertEquals(stores.sql("SELECT max(seq) FROM journal"), rebuilt.getLong("data.rebuildGraph.throughSequence"));
        double replaySeconds = rebuilt.getDouble("data.rebuildGraph.replaySeconds");
        assertTrue(replaySeconds > 0 && replaySeconds < rebuilt.getDouble("data.rebuildGraph.seconds"), rebuilt.prettify());
        assertEquals(stores.journalSize() / replaySeconds, rebuilt.getDouble("data.rebuildGraph.entriesPerSecond"), 0.01);
        assertEquals(live.getString("data.graphDigest.digest"), rebuilt.getString("data.rebuildGraph.digest.digest"));
        assertEquals(nodes, rebuilt.getLong("data.rebuildGraph.digest.nodeCount"));
        assertEquals(edges, rebuilt.getLong("data.rebuildGraph.digest.edgeCount"));
        // What Neo4j now holds, read directly.
        assertEquals(nodes, stores.cypher("MATCH (n) WHERE NOT n:__Neo4jMigration RETURN count(n) AS n", Map.of()));
        assertEquals(edges, stores.cypher("MATCH ()-[r]->() RETURN count(r) AS n", Map.of()));
        assertEquals(1, stores.edges(RELEASE, "DECIDED_BY", GATE));
        assertEquals(1, stores.cypher("MATCH (r:ConsentRevocation {subject: $s}) RETURN count(r) AS n", Map.of("s", REVOKED_SUBJECT)));
        assertEquals(constraints, schema("SHOW CONSTRAINTS YIELD name RETURN name"));
        assertEquals(indexes, schema("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"));
        assertEquals(GraphMigrations.load().stream().map(GraphMigrations.Migration::checksum).toList(), migrationChecksums());
        assertEquals(live.getString("data.graphDigest.digest"), GraphQL.ok("graphDigest", Map.of()).getString("data.graphDigest.digest"));
    }

    @Test
    void theDigestChangesWhenOnePropertyOfOneNodeOrEdgeChanges() {
        String before = GraphQL.ok("graphDigest", Map.of()).getString("data.graphDigest.digest");
        try {
            stores.cypherWrite("MATCH (r:Artifact {ref: $ref}) SET r.labelType = 'PREFERENCE'", Map.of("ref", RUBRIC_V2));
            JsonPath tampered = GraphQL.ok("graphDigest", Map.of());
            assertNotEquals(before, tampered.getString("data.graphDigest.digest"));
            stores.cypherWrite("MATCH (r:Artifact {ref: $ref}) SET r.labelType = 'RATING'", Map.of("ref", RUBRIC_V2));
            assertEquals(before, GraphQL.ok("graphDigest", Map.of()).getString("data.graphDigest.digest"), "restored, equal again");

            // The same number as a float is another value.
            stores.cypherWrite("MATCH (r:Artifact {ref: $ref}) SET r.tier = toFloat(r.tier)", Map.of("ref", ALICE));
            assertNotEquals(before, GraphQL.ok("graphDigest", Map.of()).getString("data.graphDigest.digest"));
            stores.cypherWrite("MATCH (r:Artifact {ref: $ref}) SET r.tier = toInteger(r.tier)", Map.of("ref", ALICE));
            assertEquals(before, GraphQL.ok("graphDigest", Map.of()).getString("data.graphDigest.digest"));

            stores.cypherWrite("MATCH (:Artifact {ref: $from})-[e:DECIDED_BY]->() SET e.field = 'evidence'", Map.of("from", RELEASE));
            assertNotEquals(before, GraphQL.ok("graphDigest", Map.of()).getString("data.graphDigest.digest"));
        } finally {
            stores.cypherWrite("MATCH (r:Artifact {ref: $ref}) SET r.labelType = 'RATING'", Map.of("ref", RUBRIC_V2));
            stores.cypherWrite("MATCH (r:Artifact {ref: $ref}) SET r.tier = toInteger(r.tier)", Map.of("ref", ALICE));
            stores.cypherWrite("MATCH (:Artifact {ref: $from})-[e:DECIDED_BY]->() SET e.field = 'gate'", Map.of("from", RELEASE));
        }
        assertEquals(before, GraphQL.ok("graphDigest", Map.of()).getString("data.graphDigest.digest"));
    }

    @Test
    void aRebuildIsRefusedWhileAnotherRuns() throws Exception {
        long nodes = stores.cypher("MATCH (n) RETURN count(n) AS n", Map.of());
        try (Connection otherRebuild = dataSource.getConnection()) {
            Stores.advisory(otherRebuild, "pg_advisory_lock", GraphRebuilds.REBUILD_LOCK); // as a rebuild on another replica
            try {
                JsonPath refused = GraphQL.run("rebuildGraph", Map.of());
                assertNull(refused.get("data"), refused.prettify());
                assertEquals("CONFLICT", refused.getString("errors[0].extensions.code"), refused.prettify());
                assertEquals(List.of("rebuildGraph"), refused.getList("errors[0].path"));
                assertTrue(refused.getString("errors[0].message").startsWith("A graph rebuild is already running"), refused.prettify());
            } finally {
                Stores.advisory(otherRebuild, "pg_advisory_unlock", GraphRebuilds.REBUILD_LOCK);
            }
        }
        assertEquals(nodes, stores.cypher("MATCH (n) RETURN count(n) AS n", Map.of()), "the refused rebuild touched nothing");
    }

    @Test
    void aMigrationEditedAfterItWasAppliedRefusesTheRebuildBeforeAnythingIsDropped() {
        String version = GraphMigrations.load().get(0).version();
        String original = migrationChecksums().get(0);
        long nodes = stores.cypher("MATCH (n) RETURN count(n) AS n", Map.of());
        Set<String> constraints = schema("SHOW CONSTRAINTS YIELD name RETURN name");
        stores.cypherWrite("MATCH (m:__Neo4jMigration {version: $v}) SET m.checksum = 'edited'", Map.of("v", version));
        try {
            JsonPath refused = GraphQL.run("rebuildGraph", Map.of());
            assertNull(refused.get("data"), refused.prettify());
            assertEquals("CONFLICT", refused.getString("errors[0].extensions.code"), refused.prettify());
            assertTrue(refused.getString("errors[0].message").startsWith("Neo4j migration " + GraphMigrations.load().get(0).name()
                    + " was changed after it was applied (checksum edited recorded"), refused.prettify());
            assertEquals(nodes, stores.cypher("MATCH (n) RETURN count(n) AS n", Map.of()), "nothing deleted");
            assertEquals(constraints, schema("SHOW CONSTRAINTS YIELD name RETURN name"), "nothing dropped");
        } finally {
            stores.cypherWrite("MATCH (m:__Neo4jMigration {version: $v}) SET m.checksum = $c", Map.of("v", version, "c", original));
        }
    }

    @Test
    void writesDuringARebuildWaitInTheOutboxAndAreProjectedAfterIt() throws Exception {
        String ref = "policy:during-rebuild@1";
        try (Connection rebuild = dataSource.getConnection()) {
            Stores.advisory(rebuild, "pg_advisory_lock", Projector.PROJECTION_LOCK); // what a running rebuild holds
            try {
                GraphQL.ok("registerPolicy", Map.of("input", input(ref, "title", "During", "text", "Registered mid-rebuild.")));
                long seq = stores.sql("SELECT id FROM artifact WHERE ref = ?", ref);
                Thread.sleep(2_500); // more than two drain intervals (1 s in tests)
                assertEquals(1, stores.sql("SELECT count(*) FROM outbox WHERE seq = ?", seq), "waits in the outbox");
                assertEquals(0, stores.cypher("MATCH (a:Artifact {ref: $ref}) RETURN count(a) AS n", Map.of("ref", ref)),
                        "nothing is projected into a graph being rebuilt");
            } finally {
                Stores.advisory(rebuild, "pg_advisory_unlock", Projector.PROJECTION_LOCK);
            }
        }
        stores.awaitEmptyOutbox();
        assertEquals(1, stores.cypher("MATCH (a:Policy:Artifact {ref: $ref, title: 'During'}) RETURN count(a) AS n", Map.of("ref", ref)));
    }

    /**
     * Memory stays flat at millions of nodes only if every page is read from the ref (or subject) index in order and
     * the edges are sorted one source node at a time (PartialTop), never the whole graph (Sort, Top).
     */
    @Test
    void theDigestReadsPagesInIndexOrderWithoutSortingTheGraph() throws Exception {
        Map<String, Object> parameters = Map.of("after", "", "limit", 10_000, "source", "", "relType", "", "target", "", "rid", "");
        Map<String, String> expected = Map.of("digest-artifacts", "NodeUniqueIndexSeekByRange", "digest-revocations",
                "NodeUniqueIndexSeekByRange", "digest-edges", "PartialTop", "digest-counts", "NodeCountFromCountStore");
        for (Map.Entry<String, String> statement : expected.entrySet()) {
            String cypher = Plans.statement("graph/" + statement.getKey() + ".cypher");
            List<String> types;
            try (Session session = driver.session()) {
                types = Plans.operators(session.run("EXPLAIN " + cypher, parameters).consume().plan()).stream()
                        .map(o -> o.split(" ", 2)[0]).toList();
            }
            assertTrue(types.contains(statement.getValue()), statement.getKey() + ": " + types);
            assertTrue(types.stream().noneMatch(o -> o.equals("Sort") || o.equals("Top") || o.startsWith("AllNodesScan")
                    || o.startsWith("NodeByLabelScan")), statement.getKey() + ": " + types);
        }
    }

    private Set<String> schema(String show) {
        try (Session session = driver.session()) {
            return new TreeSet<>(session.run(show).list(r -> r.get("name").asString()));
        }
    }

    private List<String> migrationChecksums() {
        try (Session session = driver.session()) {
            return session.run("MATCH (m:__Neo4jMigration) RETURN m.checksum AS c ORDER BY m.version").list(r -> r.get("c").asString());
        }
    }
}
