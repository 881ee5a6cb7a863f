package io.provenant.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import io.provenant.ProvenantTestServers;
import io.provenant.StoryFixture;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Migrations are recorded with their checksum, re-running them is a no-op, and an edited one is refused. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class GraphMigrationsTest {

    @Inject
    Driver driver;

    @Inject
    GraphSessions sessions;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    private GraphMigrations fresh() {
        GraphMigrations migrations = new GraphMigrations();
        migrations.sessions = sessions;
        migrations.dataSource = dataSource;
        return migrations;
    }

    private List<String> recorded(String property) {
        try (Session session = driver.session()) {
            return session.run("MATCH (m:__Neo4jMigration) RETURN m." + property + " AS v ORDER BY m.version").list(r -> r.get("v").asString());
        }
    }

    @Test
    void appliedMigrationsAreRecordedWithTheirChecksumsAndConstraintsExist() {
        List<GraphMigrations.Migration> shipped = GraphMigrations.load();
        assertEquals(shipped.stream().map(GraphMigrations.Migration::checksum).toList(), recorded("checksum"));
        try (Session session = driver.session()) {
            List<String> constraints = session.run("SHOW CONSTRAINTS YIELD name RETURN name").list(r -> r.get("name").asString());
            assertTrue(constraints.contains("artifact_ref"), constraints.toString());
        }
        fresh().ensureApplied(); // a second run applies nothing and fails on nothing
        assertEquals(shipped.stream().map(GraphMigrations.Migration::checksum).toList(), recorded("checksum"));
    }

    @Test
    void aMigrationEditedAfterItWasAppliedIsRefused() {
        String version = GraphMigrations.load().get(0).version();
        String original = recorded("checksum").get(0);
        try (Session session = driver.session()) {
            session.run("MATCH (m:__Neo4jMigration {version: $v}) SET m.checksum = 'edited'", Map.of("v", version)).consume();
        }
        try {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> fresh().ensureApplied());
            assertTrue(refused.getMessage().contains("was changed after it was applied"), refused.getMessage());
        } finally {
            try (Session session = driver.session()) {
                session.run("MATCH (m:__Neo4jMigration {version: $v}) SET m.checksum = $c", Map.of("v", version, "c", original)).consume();
            }
        }
    }

    private List<String> conflicting() {
        try (Session session = driver.session()) {
            return session.run("MATCH (f:Conflicting) RETURN f.ref AS ref ORDER BY ref").list(r -> r.get("ref").asString());
        }
    }

    @Test
    void theConflictingLabelsOfAGraphProjectedBeforeThemAreBackFilledOnce() {
        io.provenant.StoryFixture.ensureBuilt();
        List<String> projected = conflicting();
        assertTrue(projected.containsAll(io.provenant.StoryFixture.FEEDBACK_V1.subList(0, 2)),
                "the story's two labels of one item under rubric v1 disagree: " + projected);
        try (Session session = driver.session()) {
            session.run("MATCH (f:Conflicting) REMOVE f:Conflicting").consume();
            session.run("MATCH (m:__Neo4jMigration {version: 'V0006'}) DELETE m").consume();
        }
        assertEquals(List.of(), conflicting());
        fresh().ensureApplied();
        assertEquals(projected, conflicting(), "the migration marks exactly what the projector marked");
        assertEquals(GraphMigrations.load().stream().map(GraphMigrations.Migration::checksum).toList(), recorded("checksum"));
    }

    private Map<String, Object> memberRubrics() {
        try (Session session = driver.session()) {
            Map<String, Object> byDataset = new TreeMap<>();
            session.run("MATCH (d:Dataset) WHERE d.sealedAt IS NOT NULL RETURN d.ref AS ref, d.memberRubrics AS rubrics")
                    .forEachRemaining(r -> byDataset.put(r.get("ref").asString(), r.get("rubrics").asObject()));
            return byDataset;
        }
    }

    @Test
    void theMemberRubricsOfDatasetsSealedBeforeThemAreBackFilledOnce() {
        StoryFixture.ensureBuilt();
        Map<String, Object> projected = memberRubrics();
        assertEquals(List.of(StoryFixture.RUBRIC_V1, StoryFixture.RUBRIC_V2), projected.get(StoryFixture.TRAIN),
                "the story's training set mixes v1 and v2: " + projected);
        try (Session session = driver.session()) {
            session.run("MATCH (d:Dataset) REMOVE d.memberRubrics").consume();
            session.run("MATCH (m:__Neo4jMigration {version: 'V0007'}) DELETE m").consume();
        }
        assertEquals(Collections.nCopies(projected.size(), null), new ArrayList<>(memberRubrics().values()));
        fresh().ensureApplied();
        assertEquals(projected, memberRubrics(), "the migration sets exactly what the projector set");
    }
}
