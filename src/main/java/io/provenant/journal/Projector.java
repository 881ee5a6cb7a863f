package io.provenant.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.neo4j.driver.Session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.EdgeType;
import io.provenant.artifact.Kind;
import io.provenant.artifact.Link;
import io.provenant.artifact.RegistrationInput;
import io.provenant.artifact.RegistrationPayloads;
import io.provenant.graph.GraphMigrations;
import io.provenant.graph.GraphSessions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Projects journal entries into the Neo4j lineage graph and removes their outbox rows, in one PostgreSQL
 * transaction around one Neo4j transaction. Every write is an idempotent MERGE (nodes by ref, typed edges
 * in UNWIND batches per type; edge ends are merged by ref so entries can be applied in any order), so an
 * entry applied twice (e.g. a crash between the Neo4j commit and the outbox delete) changes nothing.
 *
 * <p>Requests project their own entries right after commit (so a read after a mutation sees it); the
 * background drain picks up anything left (Neo4j was down, the process died) with SKIP LOCKED.
 *
 * <p>A graph rebuild ({@link io.provenant.graph.GraphRebuilds}) replays the whole journal through the same
 * {@link #apply} path ({@link #replay}). While it runs it holds {@link #PROJECTION_LOCK} exclusively; every
 * projection transaction takes it shared and, when it cannot, leaves its outbox rows alone for the drain to
 * project once the rebuild is done. Nothing is lost and nothing is written into a graph being wiped, on any
 * replica, since the lock lives in PostgreSQL.
 */
@ApplicationScoped
public class Projector {

    private static final Logger LOG = Logger.getLogger(Projector.class);

    /**
     * PostgreSQL advisory lock key (bigint) guarding the graph: projections hold it shared for one transaction
     * ({@code pg_try_advisory_xact_lock_shared}), a graph rebuild exclusively for its whole run.
     */
    public static final long PROJECTION_LOCK = 0x50726f76_00000001L; // "Prov" 1

    /** Graph rows an entry writes: one per added member for add-members (up to 10,000), else 1. */
    private static final String WEIGHT = "CASE WHEN j.operation = '" + JournalDraft.ADD_MEMBERS + "'"
            + " THEN jsonb_array_length(j.payload::jsonb -> 'members') ELSE 1 END";
    private static final String COLUMNS = "j.seq, j.operation, j.ref, j.payload, j.payload_digest, j.recorded_at, j.actor,"
            + " j.project, " + WEIGHT;
    private static final String SELECT = "SELECT " + COLUMNS + " FROM outbox o JOIN journal j ON j.seq = o.seq";

    /**
     * A seal: the dataset's final state, and {@code memberRubrics}, the rubric versions its members are labelled under
     * (sorted refs), which never change once sealed; the rubric-mixing warning reads it instead of every member
     * (provenance-mixing.cypher). Entries can be projected in any order, so it is set only when every member the seal
     * counts is in the graph, registration included (a member edge merges a bare node); otherwise it is left unset and
     * the warning reads the members. Neo4j migration V0007 sets it on datasets sealed before it existed.
     */
    static final String SEAL = "UNWIND $rows AS row MERGE (d:Artifact {ref: row.ref})"
            + " SET d.sealed = true, d.contentDigest = row.contentDigest, d.memberCount = row.memberCount,"
            + " d.sealedAt = row.sealedAt, d.overlapPrompts = row.overlapPrompts"
            + " WITH d, row"
            + " CALL (d) { MATCH (d)-[:HAS_MEMBER]->(l:Artifact) WHERE l.registeredAt IS NOT NULL RETURN count(l) AS registered }"
            + " CALL (d) { MATCH (d)-[:HAS_MEMBER]->(:Artifact)-[:UNDER_RUBRIC]->(r:Artifact)"
            + "   WITH DISTINCT r.ref AS rubric ORDER BY rubric RETURN collect(rubric) AS rubrics }"
            + " SET d.memberRubrics = CASE WHEN registered = row.memberCount THEN rubrics END";

    /**
     * Labels {@code :Conflicting} the given feedback and every other judgment of its item (same project, prompt and
     * response digest) under its rubric version with another label: the only feedback that can be in a conflict, so
     * conflict questions (provenance-conflicts.cypher, conflicts.cypher) look no further than these. A label is
     * never taken off: an adjudication resolves a conflict as of its time, which the questions check. One item-index
     * seek per projected label: 126-150 ms per 5,000 (bench M data; passing the digests, label and rubric as rows
     * instead of the refs cost 145-250 ms, the parameters' transfer mostly): ~8% of the API's ingest (README, Measured here).
     */
    static final String FLAG_CONFLICTS = "UNWIND $refs AS ref"
            + " MATCH (l:Artifact {ref: ref})-[:UNDER_RUBRIC]->(r:Artifact) WHERE l:Feedback"
            + " MATCH (o:Feedback {promptDigest: l.promptDigest, responseDigest: l.responseDigest})"
            + " USING INDEX o:Feedback(promptDigest, responseDigest)"
            + " WHERE o <> l AND o.project = l.project AND o.label <> l.label AND (o)-[:UNDER_RUBRIC]->(r)"
            + " WITH l, [x IN collect(o) WHERE NOT x:Conflicting] AS others"
            + " SET l:Conflicting FOREACH (x IN others | SET x:Conflicting)";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    GraphSessions sessions;

    @Inject
    RegistrationPayloads payloads;

    @Inject
    ObjectMapper mapper;

    @Inject
    GraphMigrations migrations;

    @ConfigProperty(name = "provenant.projection.batch-size")
    int batchSize;

    /** A journal entry to project; {@code weight}: the graph rows it writes (see {@link #WEIGHT}). */
    private record Entry(long seq, String operation, String ref, String payload, String digest, ZonedDateTime recordedAt,
            String actor, String project, int weight) {
    }

    /**
     * Set when a projection fails, cleared when one succeeds. While set, requests leave their entries to the
     * background drain instead of each waiting out the driver's retries against a Neo4j that is down.
     */
    private volatile boolean graphFailing;

    /** When this replica last applied entries to the graph (null: not since it started). */
    private volatile Instant lastProjection;

    /** Outbox entries this replica has applied to the graph since it started. */
    private final java.util.concurrent.atomic.AtomicLong projectedEntries = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Projects the given entries now, waiting for any projector that holds them. Failures are left to the
     * drain. Returns true when the entries are in the graph, false when they wait in the outbox (Neo4j is
     * unavailable, or a graph rebuild is running).
     */
    public boolean project(List<Long> seqs) {
        if (seqs.isEmpty()) {
            return true;
        }
        if (graphFailing) {
            return false;
        }
        for (int from = 0; from < seqs.size(); from += batchSize) {
            List<Long> chunk = seqs.subList(from, Math.min(seqs.size(), from + batchSize));
            try {
                int projected = QuarkusTransaction.requiringNew().call(() -> projectLocked(
                        SELECT + " WHERE o.seq = ANY (?) ORDER BY o.seq FOR UPDATE OF o", chunk.toArray(Long[]::new)));
                if (projected < 0) {
                    return false;
                }
            } catch (RuntimeException e) {
                graphFailing = true;
                LOG.warnf("Projection of journal entries %d..%d deferred to the background projector: %s",
                        chunk.get(0), chunk.get(chunk.size() - 1), e.getMessage());
                return false;
            }
        }
        return true;
    }

    /** When this replica last applied journal entries to Neo4j, or null if it has not since it started. */
    public Instant lastProjection() {
        return lastProjection;
    }

    /** Outbox entries this replica has applied to Neo4j since it started (each is applied by one projector once). */
    public long projectedEntries() {
        return projectedEntries.get();
    }

    /** Drains outbox rows no request projected; several replicas can run this at once (SKIP LOCKED). */
    @Scheduled(every = "${provenant.projection.drain-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void drain() {
        try {
            int projected;
            do {
                projected = QuarkusTransaction.requiringNew().call(() -> projectLocked(
                        SELECT + " ORDER BY o.seq LIMIT " + batchSize + " FOR UPDATE OF o SKIP LOCKED", null));
            } while (projected == batchSize);
        } catch (RuntimeException e) {
            graphFailing = true;
            LOG.debugf("Background projection failed, will retry: %s", e.getMessage());
        }
    }

    /** Outbox rows not yet in the graph. */
    public long pending() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM outbox");
             ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count outbox rows.", e);
        }
    }

    private int projectLocked(String sql, Long[] seqs) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!projectionAllowed(connection)) {
                return -1; // a graph rebuild is running: the rows stay in the outbox for the drain
            }
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                if (seqs != null) {
                    select.setArray(1, connection.createArrayOf("bigint", seqs));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(entry(rows));
                    }
                }
            }
            if (entries.isEmpty()) {
                return 0;
            }
            migrations.ensureApplied();
            applyBounded(entries);
            sessions.wrote();
            graphFailing = false;
            lastProjection = Instant.now();
            projectedEntries.addAndGet(entries.size());
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE seq = ANY (?)")) {
                delete.setArray(1, connection.createArrayOf("bigint", entries.stream().map(Entry::seq).toArray()));
                delete.executeUpdate();
            }
            return entries.size();
        }
    }

    /** Takes {@link #PROJECTION_LOCK} shared until this transaction ends; false while a rebuild holds it. */
    private static boolean projectionAllowed(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock_shared(?)")) {
            lock.setLong(1, PROJECTION_LOCK);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    private static Entry entry(ResultSet rows) throws SQLException {
        return new Entry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                rows.getTimestamp(6).toInstant().atZone(ZoneOffset.UTC), rows.getString(7), rows.getString(8),
                Math.max(1, rows.getInt(9)));
    }

    /**
     * Applies entries in order, in Neo4j transactions of at most batch-size graph rows (an entry's weight), so a
     * backlog of add-members entries after an outage never becomes one huge transaction; a single entry heavier
     * than that goes alone.
     */
    private void applyBounded(List<Entry> entries) {
        int from = 0;
        while (from < entries.size()) {
            int to = from;
            long rows = 0;
            while (to < entries.size() && (to == from || rows + entries.get(to).weight() <= batchSize)) {
                rows += entries.get(to++).weight();
            }
            apply(entries.subList(from, to));
            from = to;
        }
    }

    /** What one {@link #replay} call applied: the number of entries and the last sequence number. */
    public record Replayed(int entries, long lastSeq) {
    }

    /**
     * Applies the journal entries after {@code afterSeq} up to {@code throughSeq}, in sequence order, at most
     * {@code provenant.projection.batch-size} of them, through the same path as the outbox projection; the
     * outbox is not touched. Entries go to Neo4j in transactions of at most batch-size rows, counting a
     * dataset's added members one row each (an {@code add-members} entry holds up to 10,000). For a graph
     * rebuild, whose caller holds {@link #PROJECTION_LOCK} and has applied the migrations.
     */
    public Replayed replay(long afterSeq, long throughSeq) {
        List<Entry> page = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                     + " FROM journal j WHERE j.seq > ? AND j.seq <= ? ORDER BY j.seq LIMIT ?")) {
            select.setLong(1, afterSeq);
            select.setLong(2, throughSeq);
            select.setInt(3, batchSize);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    page.add(entry(rows));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read journal entries after " + afterSeq + ": " + e.getMessage(), e);
        }
        applyBounded(page);
        return new Replayed(page.size(), page.isEmpty() ? afterSeq : page.get(page.size() - 1).seq());
    }

    /** The one way journal entries become graph: idempotent MERGEs in one Neo4j transaction. */
    private void apply(List<Entry> entries) {
        Map<Kind, List<Map<String, Object>>> nodes = new EnumMap<>(Kind.class);
        Map<EdgeType, List<Map<String, Object>>> edges = new EnumMap<>(EdgeType.class);
        List<Map<String, Object>> seals = new ArrayList<>();
        List<Map<String, Object>> revocations = new ArrayList<>();
        List<String> feedback = new ArrayList<>();
        for (Entry entry : entries) {
            switch (entry.operation()) {
                case JournalDraft.REGISTER -> {
                    ArtifactRef ref = ArtifactRef.parse("ref", entry.ref());
                    RegistrationInput input = payloads.read(ref.kind(), entry.payload());
                    Map<String, Object> props = new HashMap<>(input.graphProperties());
                    props.put("ref", entry.ref());
                    props.put("kind", ref.kind().id());
                    props.put("key", ref.key());
                    props.put("version", ref.version());
                    props.put("project", entry.project());
                    props.put("digest", entry.digest());
                    props.put("registeredAt", entry.recordedAt());
                    props.put("registeredBy", entry.actor());
                    props.put("seq", entry.seq());
                    nodes.computeIfAbsent(ref.kind(), k -> new ArrayList<>()).add(Map.of("ref", entry.ref(), "props", props));
                    if (ref.kind() == Kind.FEEDBACK) {
                        feedback.add(entry.ref());
                    }
                    // an edge of a registration is as old as its from node; only members come later (hop-upstream.cypher relies on it)
                    for (Link link : input.links()) {
                        edges.computeIfAbsent(link.type(), t -> new ArrayList<>()).add(Map.of("from", entry.ref(),
                                "to", link.target().toString(), "since", entry.recordedAt(), "field", link.field()));
                    }
                }
                case JournalDraft.ADD_MEMBERS -> {
                    JsonNode payload = readTree(entry);
                    for (JsonNode member : payload.path("members")) {
                        edges.computeIfAbsent(EdgeType.HAS_MEMBER, t -> new ArrayList<>()).add(Map.of("from", entry.ref(),
                                "to", member.asText(), "since", entry.recordedAt(), "field", "members"));
                    }
                }
                case JournalDraft.SEAL -> {
                    JsonNode payload = readTree(entry);
                    Map<String, Object> seal = new HashMap<>(Map.of("ref", entry.ref(), "contentDigest",
                            payload.path("contentDigest").asText(), "memberCount", payload.path("memberCount").asLong(),
                            "sealedAt", entry.recordedAt()));
                    if (payload.has("overlaps")) {
                        long prompts = 0;
                        for (JsonNode overlap : payload.path("overlaps")) {
                            prompts += overlap.path("prompts").asLong();
                        }
                        seal.put("overlapPrompts", prompts);
                    }
                    seals.add(seal);
                }
                case JournalDraft.REVOKE_CONSENT -> {
                    JsonNode payload = readTree(entry);
                    Map<String, Object> props = new HashMap<>();
                    props.put("project", entry.project());
                    props.put("reason", payload.path("reason").asText());
                    props.put("revokedAt", payload.hasNonNull("revokedAt")
                            ? ZonedDateTime.parse(payload.path("revokedAt").asText()) : entry.recordedAt());
                    props.put("request", payload.hasNonNull("request") ? payload.path("request").asText() : null);
                    props.put("digest", entry.digest());
                    props.put("registeredAt", entry.recordedAt());
                    props.put("registeredBy", entry.actor());
                    props.put("seq", entry.seq());
                    revocations.add(Map.of("subject", payload.path("subject").asText(), "props", props));
                }
                case JournalDraft.OPENLINEAGE_EVENT -> {
                    // Kept in the journal only: the artifacts mapped from the event are register entries of their own.
                }
                default -> throw new IllegalStateException("Unknown journal operation '" + entry.operation() + "' at " + entry.seq() + ".");
            }
        }
        try (Session session = sessions.write()) {
            session.executeWriteWithoutResult(tx -> {
                nodes.forEach((kind, rows) -> chunks(rows).forEach(chunk -> tx.run("UNWIND $rows AS row"
                        + " MERGE (a:Artifact {ref: row.ref}) SET a:" + kind.label() + " SET a += row.props",
                        Map.of("rows", chunk)).consume()));
                edges.forEach((type, rows) -> chunks(rows).forEach(chunk -> tx.run("UNWIND $rows AS row"
                        + " MERGE (a:Artifact {ref: row.from}) MERGE (b:Artifact {ref: row.to})"
                        + " MERGE (a)-[r:" + type.name() + "]->(b) ON CREATE SET r.since = row.since, r.field = row.field",
                        Map.of("rows", chunk)).consume()));
                chunks(seals).forEach(chunk -> tx.run(SEAL, Map.of("rows", chunk)).consume());
                chunks(revocations).forEach(chunk -> tx.run("UNWIND $rows AS row MERGE (r:ConsentRevocation {subject: row.subject})"
                        + " SET r += row.props", Map.of("rows", chunk)).consume());
            });
            // After the commit, so of two conflicting labels projected at once by two transactions, the one committed
            // last sees the other (inside the transaction each could miss the other; today the rubric node's lock,
            // taken by MERGE of the UNDER_RUBRIC edge, happens to order them). A failure here leaves the entries in
            // the outbox, and entries applied again are checked again.
            if (!feedback.isEmpty()) {
                session.executeWriteWithoutResult(tx -> chunks(feedback).forEach(chunk ->
                        tx.run(FLAG_CONFLICTS, Map.of("refs", chunk)).consume()));
            }
        }
    }

    private JsonNode readTree(Entry entry) {
        try {
            return mapper.readTree(entry.payload());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Journal payload at " + entry.seq() + " is unreadable.", e);
        }
    }

    private <T> List<List<T>> chunks(List<T> rows) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += batchSize) {
            chunks.add(rows.subList(from, Math.min(rows.size(), from + batchSize)));
        }
        return chunks;
    }
}
