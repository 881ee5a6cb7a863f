package io.provenant.graph;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;

import io.agroal.api.AgroalDataSource;
import io.provenant.api.ProvenantError;
import io.provenant.api.StoreFailures;
import io.provenant.journal.Projector;

/**
 * Rebuilds the Neo4j lineage graph from the PostgreSQL journal, its system of record: checks the recorded
 * migration checksums, drops the graph's constraints and indexes, wipes it in batches, re-applies the
 * migrations, replays every journal entry in sequence order through the projector's own apply path, and
 * returns the {@link GraphDigest} of the result.
 *
 * <p>Coordination lives in PostgreSQL, so it holds across replicas and the {@code rebuild-graph} command:
 * <ul>
 * <li>{@link #REBUILD_LOCK} (advisory, tried): one rebuild at a time; another is refused with CONFLICT.</li>
 * <li>{@link Projector#PROJECTION_LOCK} (advisory, exclusive, waited for): no projection writes into the graph
 * while it is wiped and replayed. Writes are still accepted; their outbox rows wait and are projected when the
 * rebuild is done (entries projected twice are harmless: every projection write is an idempotent MERGE).</li>
 * </ul>
 * Both are session locks of one connection held for the whole run, released at the end or when the
 * connection dies with the process.
 */
@ApplicationScoped
public class GraphRebuilds {

    /** PostgreSQL advisory lock key (bigint) held by the running rebuild. */
    public static final long REBUILD_LOCK = 0x50726f76_00000002L; // "Prov" 2

    /** How often progress is reported while replaying. */
    static final long PROGRESS_EVERY_NANOS = 3_000_000_000L;

    private static final Logger LOG = Logger.getLogger(GraphRebuilds.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    GraphSessions sessions;

    @Inject
    GraphMigrations migrations;

    @Inject
    Projector projector;

    @Inject
    GraphDigests digests;

    /** Runs a rebuild on its own thread (it may take minutes), logging its progress. */
    public CompletionStage<GraphRebuild> start() {
        CompletableFuture<GraphRebuild> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                done.complete(rebuild(LOG::info));
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }, "graph-rebuild");
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /**
     * Rebuilds the graph now, on this thread, reporting progress lines ({@code rebuilt N / M journal entries
     * (x entries/s)}, every few seconds and at the end) to {@code progress}.
     *
     * @throws ProvenantError.Conflict when a rebuild is already running (here or on another replica)
     */
    public GraphRebuild rebuild(Consumer<String> progress) {
        try (Connection locks = dataSource.getConnection()) {
            if (!tryLock(locks, REBUILD_LOCK)) {
                throw ProvenantError.conflict(null, "A graph rebuild is already running; wait for it to finish"
                        + " (its progress is in the log of the instance running it).");
            }
            try {
                if (!tryLock(locks, Projector.PROJECTION_LOCK)) {
                    progress.accept("waiting for running projections to finish");
                    call(locks, "pg_advisory_lock", Projector.PROJECTION_LOCK); // each holds it for one transaction
                }
                try {
                    return rebuildLocked(locks, progress);
                } finally {
                    call(locks, "pg_advisory_unlock", Projector.PROJECTION_LOCK);
                }
            } finally {
                call(locks, "pg_advisory_unlock", REBUILD_LOCK);
            }
        } catch (ServiceUnavailableException | SessionExpiredException e) {
            throw ProvenantError.unavailable("Neo4j is unavailable: the graph rebuild stopped and the graph may be"
                    + " incomplete. Run it again once Neo4j is back.", e);
        } catch (SQLException | RuntimeException e) {
            if (e instanceof ProvenantError error) {
                throw error;
            }
            RuntimeException failure = e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Graph rebuild failed on PostgreSQL: " + e.getMessage(), e);
            if (StoreFailures.translate(failure) instanceof ProvenantError.Unavailable) {
                throw ProvenantError.unavailable("PostgreSQL is unavailable: the graph rebuild stopped and the graph may be"
                        + " incomplete. Run it again once PostgreSQL is back.", e);
            }
            throw failure;
        }
    }

    private GraphRebuild rebuildLocked(Connection connection, Consumer<String> progress) throws SQLException {
        long started = System.nanoTime();
        long through = journalHead(connection);

        try {
            migrations.dropSchema();
        } catch (GraphMigrations.EditedMigration e) { // checked before anything is dropped
            throw ProvenantError.conflict(null, e.getMessage() + " The graph was not rebuilt and is unchanged.");
        }
        wipe(progress);
        migrations.reapply();
        progress.accept("applied " + GraphMigrations.load().size() + " Neo4j migrations");

        long replayStarted = System.nanoTime();
        long lastReport = replayStarted;
        long replayed = 0;
        long reported = -1;
        long after = 0;
        try {
            while (after < through) {
                Projector.Replayed batch = projector.replay(after, through);
                if (batch.entries() == 0) {
                    break;
                }
                replayed += batch.entries();
                after = batch.lastSeq();
                long now = System.nanoTime();
                if (now - lastReport >= PROGRESS_EVERY_NANOS) {
                    progress.accept(progressLine(replayed, through, replayStarted, now));
                    lastReport = now;
                    reported = replayed;
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf("Graph rebuild stopped after %d of %d journal entries: the graph is incomplete until a rebuild"
                    + " succeeds. Cause: %s", replayed, through, e.getMessage());
            throw e;
        }
        long finished = System.nanoTime();
        if (reported != replayed) { // the last periodic line may already say it
            progress.accept(progressLine(replayed, through, replayStarted, finished));
        }
        double seconds = (finished - started) / 1e9;
        double replaySeconds = (finished - replayStarted) / 1e9;
        GraphDigest digest = digests.compute();
        progress.accept(String.format(Locale.ROOT, "graph rebuilt from %d journal entries in %.1f s (replay %.1f s);"
                + " digest %s (%d nodes, %d relationships)", replayed, seconds, replaySeconds, digest.digest(),
                digest.nodeCount(), digest.edgeCount()));
        return new GraphRebuild(replayed, after, seconds, replaySeconds, replayed / Math.max(1e-9, replaySeconds), digest);
    }

    static String progressLine(long replayed, long total, long startedNanos, long nowNanos) {
        double seconds = Math.max(1e-9, (nowNanos - startedNanos) / 1e9);
        return String.format(Locale.ROOT, "rebuilt %d / %d journal entries (%.0f entries/s)", replayed, total, replayed / seconds);
    }

    /** Deletes every relationship, then every node, in transactions of 10,000 so no transaction grows with the graph. */
    private void wipe(Consumer<String> progress) {
        long started = System.nanoTime();
        try (Session session = sessions.write()) {
            Record counts = session.run("CALL { MATCH (n) RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS edges }"
                    + " RETURN nodes, edges").single();
            // CALL { WITH … } rather than 5.23's CALL (…) { … }: runs on every Neo4j 5 server, not only the embedded 5.26.
            session.run("MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume();
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume();
            progress.accept(String.format(Locale.ROOT, "wiped the graph: %d nodes and %d relationships in %.1f s",
                    counts.get("nodes").asLong(), counts.get("edges").asLong(), (System.nanoTime() - started) / 1e9));
        }
    }

    /** The last journal sequence number; every entry up to it is committed (appends are serialized). */
    private static long journalHead(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT coalesce(max(seq), 0) FROM journal");
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static boolean tryLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    private static void call(Connection connection, String function, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, key);
            statement.executeQuery().close();
        }
    }
}
