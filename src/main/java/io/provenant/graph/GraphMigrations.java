package io.provenant.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.neo4j.driver.Session;

import io.agroal.api.AgroalDataSource;
import io.provenant.artifact.Digests;
import io.quarkus.runtime.StartupEvent;

/**
 * Versioned, checksummed, idempotent Cypher migrations for Neo4j's constraints and indexes, and the back-fill of a
 * label the projector derives (our own runner: neo4j-migrations is not available here). Files under
 * {@code neo4j/migrations/} are listed in order in {@code neo4j/migrations/index}; each applied one is recorded as a
 * {@code :__Neo4jMigration} node with its sha256. A file changed after it was applied stops the app: migrations are
 * never edited after landing. Every statement is {@code IF NOT EXISTS} or sets what is already set, so re-applying
 * (e.g. on a rebuilt graph) is safe.
 *
 * <p>A graph rebuild checks the recorded checksums, drops the whole schema ({@link #dropSchema}) and applies
 * every migration again on the emptied graph ({@link #reapply}), so the rebuilt schema is exactly the shipped one.
 *
 * <p>Replicas starting at once would race on {@code CREATE INDEX … IF NOT EXISTS} (Neo4j refuses the second
 * "equivalent index"); one migrator at a time runs, across replicas, under a PostgreSQL advisory lock
 * ({@link #MIGRATION_LOCK}), as Flyway does for the relational schema.
 */
@ApplicationScoped
public class GraphMigrations {

    private static final Logger LOG = Logger.getLogger(GraphMigrations.class);
    private static final String DIR = "neo4j/migrations/";

    /** One migration file. */
    public record Migration(String version, String name, String cypher, String checksum) {

        List<String> statements() {
            return Arrays.stream(cypher.split(";\\s*(\\n|$)")).map(String::strip)
                    .map(s -> s.lines().filter(l -> !l.strip().startsWith("//")).reduce("", (a, b) -> a + "\n" + b).strip())
                    .filter(s -> !s.isEmpty()).toList();
        }
    }

    /** A migration file differs from the one applied (its recorded checksum). */
    public static final class EditedMigration extends IllegalStateException {
        EditedMigration(String message) {
            super(message);
        }
    }

    /** PostgreSQL advisory lock key held while migrations run, so replicas apply them one at a time. */
    public static final long MIGRATION_LOCK = 0x50726f76_00000003L; // "Prov" 3 (1: projection, 2: rebuild)

    @Inject
    GraphSessions sessions;

    @Inject
    AgroalDataSource dataSource;

    private volatile boolean applied;

    void onStart(@Observes StartupEvent event) {
        try {
            ensureApplied();
        } catch (RuntimeException e) {
            LOG.errorf("Neo4j migrations could not run at start-up (%s); they will be retried before the next projection.", e.getMessage());
        }
    }

    /** Applies pending migrations once per process; later calls return at once. */
    public synchronized void ensureApplied() {
        if (applied) {
            return;
        }
        try (Connection lock = dataSource.getConnection()) {
            advisory(lock, "pg_advisory_lock");
            try {
                applyPending();
            } finally {
                advisory(lock, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take the Neo4j migration lock in PostgreSQL: " + e.getMessage(), e);
        }
        applied = true;
    }

    private static void advisory(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, MIGRATION_LOCK);
            statement.execute();
        }
    }

    private void applyPending() {
        try (Session session = sessions.write()) {
            for (Migration migration : load()) {
                String known = recordedChecksum(session, migration);
                if (known == null) {
                    for (String statement : migration.statements()) {
                        session.executeWriteWithoutResult(tx -> tx.run(statement).consume());
                    }
                    session.executeWriteWithoutResult(tx -> tx.run("MERGE (m:__Neo4jMigration {version: $version})"
                            + " SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()",
                            Map.of("version", migration.version(), "name", migration.name(), "checksum", migration.checksum())).consume());
                    LOG.infof("Applied Neo4j migration %s", migration.name());
                }
            }
        }
    }

    /** Throws when a migration was recorded with another checksum than the shipped file's (it was edited after landing). */
    public void verifyRecorded() {
        try (Session session = sessions.write()) {
            for (Migration migration : load()) {
                recordedChecksum(session, migration);
            }
        }
    }

    /** The recorded checksum of {@code migration}, null if it was never applied; refuses an edited migration. */
    private static String recordedChecksum(Session session, Migration migration) {
        String known = session.executeRead(tx -> tx.run("MATCH (m:__Neo4jMigration {version: $version}) RETURN m.checksum AS checksum",
                Map.of("version", migration.version())).list(r -> r.get("checksum").asString()))
                .stream().findFirst().orElse(null);
        if (known != null && !known.equals(migration.checksum())) {
            throw new EditedMigration("Neo4j migration " + migration.name() + " was changed after it was applied"
                    + " (checksum " + known + " recorded, " + migration.checksum() + " now). Add a new migration instead.");
        }
        return known;
    }

    /**
     * For a graph rebuild: checks the recorded checksums (an edited migration refuses the rebuild before anything
     * is dropped), then removes the migration records and drops every constraint and index but Neo4j's built-in
     * token LOOKUP indexes. Until {@link #reapply} runs, the next projection re-applies everything.
     */
    public synchronized void dropSchema() {
        verifyRecorded();
        try (Session session = sessions.write()) {
            session.executeWriteWithoutResult(tx -> tx.run("MATCH (m:__Neo4jMigration) DELETE m").consume());
            applied = false;
            for (String constraint : session.executeRead(tx -> tx.run("SHOW CONSTRAINTS YIELD name RETURN name")
                    .list(r -> r.get("name").asString()))) {
                session.executeWriteWithoutResult(tx -> tx.run("DROP CONSTRAINT " + quoted(constraint) + " IF EXISTS").consume());
            }
            for (String index : session.executeRead(tx -> tx.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name")
                    .list(r -> r.get("name").asString()))) {
                session.executeWriteWithoutResult(tx -> tx.run("DROP INDEX " + quoted(index) + " IF EXISTS").consume());
            }
        }
        LOG.info("Dropped the Neo4j schema for a rebuild");
    }

    /** Applies every migration again (after {@link #dropSchema} and a wipe) and waits until its indexes are online. */
    public synchronized void reapply() {
        applied = false;
        ensureApplied();
        try (Session session = sessions.write()) {
            session.run("CALL db.awaitIndexes(300)").consume();
        }
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** The migrations in order, as shipped. */
    public static List<Migration> load() {
        List<Migration> migrations = new ArrayList<>();
        for (String name : read(DIR + "index").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            String cypher = read(DIR + name);
            migrations.add(new Migration(name.substring(0, name.indexOf("__")), name, cypher, Digests.sha256(cypher)));
        }
        return migrations;
    }

    private static String read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource + ".");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
