package io.provenant.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The physical baselines of ingest, on the app's own Neo4j and PostgreSQL:
 *
 * <ul>
 * <li><b>raw</b>: the same feedback nodes and edges as the app's projector writes (node properties, LABELED_BY,
 * UNDER_RUBRIC, UNDER_POLICY with since/field), by the raw driver in UNWIND batches, one transaction per batch,
 * with the projector's statements (MERGE by ref: idempotent, as registration must be). Rows are built before the
 * clock starts.</li>
 * <li><b>raw + journal</b>: first the same PostgreSQL write path as the app's journal in one transaction per batch
 * (lock the head row, look up existing refs, JDBC-batch journal rows with payload digest and hash chain, artifact
 * rows and outbox rows, move the head), then the raw Neo4j batch, then delete the outbox rows. Canonical payload
 * (sorted-key JSON), digests and chain hashes are computed inside the clock, as the app must.</li>
 * </ul>
 * Nodes carry the label {@code :BenchRaw} (not {@code :Artifact}, so no question of the app sees them) and the
 * journal lives in schema {@code bench_raw} (not the app's hash-chained {@code journal}); both are removed by
 * {@link #cleanUp()}. Neo4j Community has one user database, hence labels rather than a database.
 */
final class RawBaseline implements AutoCloseable {

    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final String[] EDGES = {"LABELED_BY", "UNDER_RUBRIC", "UNDER_POLICY"};
    private static final String[] EDGE_FIELDS = {"reviewer", "rubric", "policy"};

    private final Driver driver;
    private final Connection jdbc;
    private final int neo4jBatch;
    private long seq;
    private String head = "0".repeat(64);

    RawBaseline(Driver driver, String jdbcUrl, int neo4jBatch) throws SQLException {
        this.driver = driver;
        this.jdbc = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        this.neo4jBatch = neo4jBatch;
    }

    /** The app's node labels and the raw baseline's for the same nodes. */
    private static final Map<String, String> RAW_LABELS = Map.of("Artifact", "BenchRaw", "Feedback", "BenchRawFeedback");

    /** The indexes copied from the app's graph onto the raw labels (names), dropped by {@link #cleanUp()}. */
    private final List<String> mirroredIndexes = new ArrayList<>();

    /**
     * Constraint for the raw nodes, the app's indexes on them, targets (policies, rubrics, reviewers) and the journal
     * schema. The raw nodes get every range index the app's migrations put on artifacts and feedback (read from the
     * app's graph, as the journal tables are copied with their indexes below): the same nodes cost Neo4j the same index
     * entries (eight per feedback node) in both.
     */
    void setUp(List<String> targets) throws SQLException {
        try (Session session = driver.session()) {
            session.run("CREATE CONSTRAINT bench_raw_ref IF NOT EXISTS FOR (n:BenchRaw) REQUIRE n.ref IS UNIQUE").consume();
            List<org.neo4j.driver.Record> indexes = session.run("SHOW INDEXES YIELD name, type, entityType, labelsOrTypes,"
                    + " properties, owningConstraint WHERE type = 'RANGE' AND entityType = 'NODE' AND owningConstraint IS NULL"
                    + " AND size(labelsOrTypes) = 1 AND labelsOrTypes[0] IN $labels RETURN name, labelsOrTypes[0] AS label,"
                    + " properties ORDER BY name", Map.of("labels", List.copyOf(RAW_LABELS.keySet()))).list();
            for (org.neo4j.driver.Record index : indexes) {
                String name = "bench_raw_" + index.get("name").asString();
                List<String> on = index.get("properties").asList(org.neo4j.driver.Value::asString).stream()
                        .map(p -> "n.`" + p + "`").toList();
                session.run("CREATE INDEX " + name + " IF NOT EXISTS FOR (n:" + RAW_LABELS.get(index.get("label").asString())
                        + ") ON (" + String.join(", ", on) + ")").consume();
                mirroredIndexes.add(name);
            }
            session.run("CALL db.awaitIndexes(300)").consume();
            session.run("UNWIND $refs AS ref MERGE (n:BenchRaw {ref: ref})", Map.of("refs", targets)).consume();
        }
        try (Statement s = jdbc.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS bench_raw CASCADE");
            s.execute("CREATE SCHEMA bench_raw");
            for (String table : new String[] {"journal", "journal_head", "artifact", "outbox"}) {
                s.execute("CREATE TABLE bench_raw." + table + " (LIKE public." + table + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
            }
            s.execute("INSERT INTO bench_raw.journal_head (id, seq, entry_hash) VALUES (1, 0, repeat('0', 64))");
        }
        jdbc.setAutoCommit(false);
    }

    /** Graph rows of a batch of events, as the projector builds them (digest: of the canonical payload). */
    List<Map<String, Object>> nodeRows(List<Map<String, Object>> events, Instant at) {
        List<Map<String, Object>> rows = new ArrayList<>(events.size());
        ZonedDateTime since = at.atZone(ZoneOffset.UTC);
        for (Map<String, Object> e : events) {
            String ref = "feedback:" + e.get("key") + "@1";
            @SuppressWarnings("unchecked")
            Map<String, Object> judgment = (Map<String, Object>) e.get("judgment");
            @SuppressWarnings("unchecked")
            Map<String, Object> consent = (Map<String, Object>) e.get("consent");
            Map<String, Object> props = new HashMap<>();
            props.put("judgmentType", "RATING");
            props.put("label", String.valueOf(judgment.get("rating")));
            props.put("promptDigest", promptDigest((String) e.get("prompt")));
            String alternative = (String) e.get("alternativeResponse");
            props.put("responseDigest", sha256(alternative == null ? (String) e.get("response")
                    : e.get("response") + "\u0000" + alternative));
            props.put("promptTemplate", e.get("promptTemplate"));
            props.put("occurredAt", e.get("occurredAt"));
            if (consent != null) {
                props.put("consentBasis", consent.get("basis"));
                props.put("consentSubject", consent.get("subject"));
            }
            props.put("ref", ref);
            props.put("kind", "feedback");
            props.put("key", e.get("key"));
            props.put("version", "1");
            props.put("project", e.get("project"));
            props.put("digest", sha256(canonical(e)));
            props.put("registeredAt", since);
            props.put("registeredBy", "anonymous");
            props.put("seq", ++seq);
            Map<String, Object> row = new HashMap<>();
            row.put("ref", ref);
            row.put("props", props);
            row.put("reviewer", e.get("reviewer"));
            row.put("rubric", e.get("rubric"));
            row.put("policy", e.get("policy"));
            row.put("since", since);
            rows.add(row);
        }
        return rows;
    }

    /** Writes prepared rows to Neo4j: the projector's node statement and one statement per edge type, one transaction. */
    void writeGraph(List<Map<String, Object>> rows) {
        try (Session session = driver.session()) {
            session.executeWriteWithoutResult(tx -> {
                for (int from = 0; from < rows.size(); from += neo4jBatch) {
                    List<Map<String, Object>> chunk = rows.subList(from, Math.min(rows.size(), from + neo4jBatch));
                    tx.run("UNWIND $rows AS row MERGE (a:BenchRaw {ref: row.ref}) SET a:BenchRawFeedback SET a += row.props",
                            Map.of("rows", chunk)).consume();
                    for (int t = 0; t < EDGES.length; t++) {
                        tx.run("UNWIND $rows AS row MERGE (a:BenchRaw {ref: row.ref}) MERGE (b:BenchRaw {ref: row." + EDGE_FIELDS[t]
                                + "}) MERGE (a)-[r:" + EDGES[t] + "]->(b) ON CREATE SET r.since = row.since, r.field = '"
                                + EDGE_FIELDS[t] + "'", Map.of("rows", chunk)).consume();
                    }
                }
            });
        }
    }

    /** The raw + journal path for one batch: PostgreSQL journal transaction, Neo4j batch, outbox delete. */
    void writeJournalAndGraph(List<Map<String, Object>> events) throws SQLException {
        Instant now = Instant.now();
        List<String> refs = new ArrayList<>(events.size());
        List<String> payloads = new ArrayList<>(events.size());
        for (Map<String, Object> e : events) {
            refs.add("feedback:" + e.get("key") + "@1");
            payloads.add(canonical(e));
        }
        long first;
        try (PreparedStatement lock = jdbc.prepareStatement("SELECT seq, entry_hash FROM bench_raw.journal_head WHERE id = 1 FOR UPDATE");
             ResultSet row = lock.executeQuery()) {
            row.next();
            first = row.getLong(1) + 1;
            head = row.getString(2);
        }
        try (PreparedStatement existing = jdbc.prepareStatement("SELECT ref, digest FROM bench_raw.artifact WHERE ref = ANY (?)")) {
            existing.setArray(1, jdbc.createArrayOf("text", refs.toArray()));
            try (ResultSet rows = existing.executeQuery()) {
                while (rows.next()) {
                    throw new IllegalStateException("Raw baseline: " + rows.getString(1) + " already journaled.");
                }
            }
        }
        Timestamp recordedAt = Timestamp.from(now);
        try (PreparedStatement journal = jdbc.prepareStatement("INSERT INTO bench_raw.journal (seq, recorded_at, actor, project,"
                + " operation, ref, payload, payload_digest, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement artifact = jdbc.prepareStatement("INSERT INTO bench_raw.artifact (id, ref, kind, key, version, project,"
                     + " digest, registered_at, registered_by) VALUES (?, ?, 'feedback', ?, '1', ?, ?, ?, 'anonymous')");
             PreparedStatement outbox = jdbc.prepareStatement("INSERT INTO bench_raw.outbox (seq) VALUES (?)")) {
            for (int k = 0; k < events.size(); k++) {
                long s = first + k;
                String digest = sha256(payloads.get(k));
                Map<String, Object> entry = new TreeMap<>();
                entry.put("seq", s);
                entry.put("recordedAt", now.toString());
                entry.put("actor", "anonymous");
                entry.put("project", events.get(k).get("project"));
                entry.put("operation", "register");
                entry.put("ref", refs.get(k));
                entry.put("payloadDigest", digest);
                entry.put("prevHash", head);
                String hash = sha256(canonical(entry));
                journal.setLong(1, s);
                journal.setTimestamp(2, recordedAt);
                journal.setString(3, "anonymous");
                journal.setString(4, (String) events.get(k).get("project"));
                journal.setString(5, "register");
                journal.setString(6, refs.get(k));
                journal.setString(7, payloads.get(k));
                journal.setString(8, digest);
                journal.setString(9, head);
                journal.setString(10, hash);
                journal.addBatch();
                artifact.setLong(1, s);
                artifact.setString(2, refs.get(k));
                artifact.setString(3, (String) events.get(k).get("key"));
                artifact.setString(4, (String) events.get(k).get("project"));
                artifact.setString(5, digest);
                artifact.setTimestamp(6, recordedAt);
                artifact.addBatch();
                outbox.setLong(1, s);
                outbox.addBatch();
                head = hash;
            }
            journal.executeBatch();
            artifact.executeBatch();
            outbox.executeBatch();
        }
        try (PreparedStatement move = jdbc.prepareStatement("UPDATE bench_raw.journal_head SET seq = ?, entry_hash = ? WHERE id = 1")) {
            move.setLong(1, first + events.size() - 1);
            move.setString(2, head);
            move.executeUpdate();
        }
        jdbc.commit();
        long saved = seq;
        seq = first - 1; // the graph rows carry the journal's seq
        List<Map<String, Object>> rows = nodeRows(events, now);
        seq = Math.max(saved, seq);
        for (Map<String, Object> row : rows) {
            row.put("ref", "j" + row.get("ref")); // distinct nodes from the raw-only baseline's
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) row.get("props");
            props.put("ref", row.get("ref"));
        }
        writeGraph(rows);
        try (PreparedStatement delete = jdbc.prepareStatement("DELETE FROM bench_raw.outbox WHERE seq >= ? AND seq <= ?")) {
            delete.setLong(1, first);
            delete.setLong(2, first + events.size() - 1);
            delete.executeUpdate();
        }
        jdbc.commit();
    }

    /** Removes every raw node and relationship, the constraint and the journal schema. */
    void cleanUp() throws SQLException {
        // The indexes and the constraint go first: deleting a node then removes no index entries (eight per feedback
        // node; with them, deleting L's two million raw nodes took 6 of a 66-minute run). Then the feedback
        // nodes, in client-driven transactions, then the (by then unconnected) targets: a target rubric or policy
        // node holds an edge from every event, and DETACH DELETE of such a dense node in one transaction exceeds
        // Neo4j's dbms.memory.transaction.total.max (it did at M, 512 MB heap).
        try (Session session = driver.session()) {
            for (String index : mirroredIndexes) {
                session.run("DROP INDEX " + index + " IF EXISTS").consume();
            }
            session.run("DROP CONSTRAINT bench_raw_ref IF EXISTS").consume();
            for (String label : new String[] {"BenchRawFeedback", "BenchRaw"}) {
                long deleted;
                do {
                    deleted = session.executeWrite(tx -> tx.run("MATCH (n:" + label + ") WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n")
                            .single().get("n").asLong());
                } while (deleted > 0);
            }
        }
        jdbc.setAutoCommit(true);
        try (Statement s = jdbc.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS bench_raw CASCADE");
        }
    }

    /** The names of the app's indexes copied onto the raw labels. */
    List<String> mirroredIndexes() {
        return List.copyOf(mirroredIndexes);
    }

    static String canonical(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As the app: sha256 of the prompt normalized (NFKC, lower case, white space collapsed). */
    static String promptDigest(String prompt) {
        String normalized = Normalizer.normalize(prompt, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
        return sha256(normalized);
    }

    @Override
    public void close() throws SQLException {
        jdbc.close();
    }
}
