package io.provenant.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.provenant.api.Cursor;
import io.provenant.api.PageInfo;
import io.provenant.api.ProvenantError;
import io.provenant.api.StoreFailures;
import io.provenant.artifact.Checks;
import io.provenant.artifact.Kind;
import io.provenant.audit.AuditReports.AuditEntryConnection;
import io.provenant.audit.AuditReports.AuditProof;
import io.provenant.audit.AuditReports.AuditVerification;
import io.provenant.audit.AuditReports.ConsistencyProof;
import io.provenant.journal.JournalVerifier;
import io.provenant.journal.MerkleStore;
import io.provenant.journal.MerkleTree;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The auditor's view of the journal: verification of the whole chain and Merkle tree, inclusion and
 * consistency proofs, paging, and a streamed export. Reads only; every read runs in one transaction so it
 * sees one journal state.
 */
@ApplicationScoped
public class Audit {

    public static final int MAX_PAGE = 1_000;
    private static final String CURSOR_SCOPE = "journal";
    static final String COLUMNS = "seq, recorded_at, actor, project, operation, ref, payload, payload_digest, prev_hash, entry_hash";
    /** A full verification reads every entry; allow it an hour. */
    private static final int VERIFY_TIMEOUT_SECONDS = 3_600;

    @Inject
    AgroalDataSource dataSource;

    private record Head(long size, String entryHash) {
    }

    public AuditVerification verify() {
        return inTransaction(VERIFY_TIMEOUT_SECONDS, connection -> {
            Head head = head(connection);
            JournalVerifier verifier = new JournalVerifier(hash -> positionOf(connection, hash));
            stream(connection, 1, head.size(), row -> verifier.add(row));
            JournalVerifier.Result result = verifier.finish(head.size(), head.entryHash());
            boolean valid = result.valid();
            JournalVerifier.Problem problem = result.problem();
            String detail = result.detail();
            String badNode = valid ? firstBadStoredNode(connection, verifier) : null;
            if (badNode != null) {
                valid = false;
                problem = JournalVerifier.Problem.CHANGED;
                detail = "the entries verify but the stored Merkle tree disagrees with them: " + badNode + " was altered.";
            }
            return new AuditVerification(head.size(), result.rootHash(), valid, result.firstBadPosition(), problem, detail,
                    result.verifiedSize(), OffsetDateTime.now(ZoneOffset.UTC));
        });
    }

    /** Inclusion proof of {@code position} and/or consistency proof from {@code firstSize}, in the tree of {@code treeSize}. */
    public AuditProof proof(Long position, Long treeSizeArg, Long firstSize) {
        return inTransaction(60, connection -> {
            long size = head(connection).size();
            long treeSize = treeSizeArg == null ? size : treeSizeArg;
            if (treeSize < 1 || treeSize > size) {
                throw ProvenantError.invalid("treeSize", "is " + treeSize + "; the journal has " + size + " entries (1.." + size + ").");
            }
            if (position != null && (position < 1 || position > treeSize)) {
                throw ProvenantError.invalid("position", "is " + position + "; it must be between 1 and treeSize " + treeSize + ".");
            }
            if (firstSize != null && (firstSize < 1 || firstSize > treeSize)) {
                throw ProvenantError.invalid("firstSize", "is " + firstSize + "; it must be between 1 and treeSize " + treeSize + ".");
            }
            MerkleStore tree = new MerkleStore(connection);
            String root = MerkleTree.hex(tree.root(treeSize));
            AuditEntry entry = null;
            String leaf = null;
            List<String> inclusion = null;
            if (position != null) {
                entry = page(connection, position - 1, position, null, null, null, null, null, 1).get(0);
                leaf = MerkleTree.hex(MerkleTree.leafHash(entry.entryHash()));
                inclusion = MerkleTree.inclusionProof(position - 1, treeSize, tree::hash).stream().map(MerkleTree::hex).toList();
            }
            ConsistencyProof consistency = null;
            if (firstSize != null) {
                consistency = new ConsistencyProof(firstSize, MerkleTree.hex(tree.root(firstSize)),
                        MerkleTree.consistencyProof(firstSize, treeSize, tree::hash).stream().map(MerkleTree::hex).toList());
            }
            return new AuditProof(treeSize, root, entry, leaf, inclusion, consistency);
        });
    }

    /** Entries in journal order, filtered by project, actor, artifact kinds and recording time; keyset paging. */
    public AuditEntryConnection log(String project, String actor, List<Kind> kinds, OffsetDateTime from, OffsetDateTime to,
            Integer first, String after) {
        int size = Cursor.pageSize("first", first, 100, MAX_PAGE);
        long afterSeq = Cursor.decode("after", CURSOR_SCOPE, after);
        if (project != null) {
            Checks.project(project);
        }
        if (actor != null) {
            Checks.text("actor", actor, Checks.MAX_NAME);
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw ProvenantError.invalid("to", "is before from.");
        }
        List<String> prefixes = kinds == null || kinds.isEmpty() ? null : kinds.stream().map(k -> k.id() + ":").toList();
        List<AuditEntry> rows = inTransaction(60, connection -> page(connection, afterSeq, Long.MAX_VALUE, project, actor,
                prefixes, from == null ? null : from.toInstant(), to == null ? null : to.toInstant(), size + 1));
        boolean more = rows.size() > size;
        List<AuditEntry> nodes = more ? rows.subList(0, size) : rows;
        String end = nodes.isEmpty() ? null : Cursor.encode(CURSOR_SCOPE, nodes.get(nodes.size() - 1).position());
        return new AuditEntryConnection(nodes, new PageInfo(more, end));
    }

    /** Streams entries {@code from..to} (1-based, inclusive; to defaults to the head) to {@code sink} in one snapshot. */
    public void export(long from, Long to, Consumer<JournalVerifier.Row> sink) {
        inTransaction(VERIFY_TIMEOUT_SECONDS, connection -> {
            long last = to == null ? head(connection).size() : to;
            stream(connection, from, last, row -> {
                sink.accept(row);
                return true;
            });
            return null;
        });
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(int timeoutSeconds, Work<T> work) {
        return StoreFailures.guard(() -> QuarkusTransaction.requiringNew().timeout(timeoutSeconds).call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                try (PreparedStatement snapshot = connection.prepareStatement("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")) {
                    snapshot.execute();
                }
                return work.run(connection);
            }
        }));
    }

    private static Head head(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, entry_hash FROM journal_head WHERE id = 1");
             ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("journal_head row is missing; the journal schema is damaged.");
            }
            return new Head(row.getLong(1), row.getString(2));
        }
    }

    private interface RowSink {
        boolean accept(JournalVerifier.Row row);
    }

    private static void stream(Connection connection, long from, long to, RowSink sink) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM journal WHERE seq >= ? AND seq <= ? ORDER BY seq")) {
            select.setFetchSize(2_000);
            select.setLong(1, from);
            select.setLong(2, to);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next() && sink.accept(row(rows))) {
                    // keep reading
                }
            }
        }
    }

    private static JournalVerifier.Row row(ResultSet rows) throws SQLException {
        return new JournalVerifier.Row(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9), rows.getString(10));
    }

    /** The first stored Merkle node that differs from the tree of the verified entries, or null. */
    private static String firstBadStoredNode(Connection connection, JournalVerifier verifier) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT level, idx, hash FROM merkle_node ORDER BY level, idx")) {
            select.setFetchSize(2_000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int level = rows.getInt(1);
                    long index = rows.getLong(2);
                    if (!rows.getString(3).equals(verifier.subtree(level, index))) {
                        long first = (index << level) + 1;
                        return "merkle_node (level " + level + ", index " + index + ") over entries " + first + ".."
                                + (first + (1L << level) - 1);
                    }
                }
            }
        }
        return null;
    }

    private static Long positionOf(Connection connection, String entryHash) {
        try (PreparedStatement select = connection.prepareStatement("SELECT seq FROM journal WHERE entry_hash = ? ORDER BY seq LIMIT 1")) {
            select.setString(1, entryHash);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot look up a journal entry by hash: " + e.getMessage(), e);
        }
    }

    private static List<AuditEntry> page(Connection connection, long afterSeq, long lastSeq, String project, String actor,
            List<String> refPrefixes, Instant from, Instant to, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM journal WHERE seq > ? AND seq <= ?");
        List<Object> parameters = new ArrayList<>(List.of(afterSeq, lastSeq));
        if (project != null) {
            sql.append(" AND project = ?");
            parameters.add(project);
        }
        if (actor != null) {
            sql.append(" AND actor = ?");
            parameters.add(actor);
        }
        if (refPrefixes != null) {
            sql.append(" AND (").append(String.join(" OR ", refPrefixes.stream().map(p -> "starts_with(ref, ?)").toList())).append(")");
            parameters.addAll(refPrefixes);
        }
        if (from != null) {
            sql.append(" AND recorded_at >= ?");
            parameters.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND recorded_at < ?");
            parameters.add(Timestamp.from(to));
        }
        sql.append(" ORDER BY seq LIMIT ?");
        parameters.add(limit);
        List<AuditEntry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    JournalVerifier.Row r = row(rows);
                    entries.add(new AuditEntry(r.seq(), r.recordedAt().atOffset(ZoneOffset.UTC), r.actor(), r.project(), r.operation(),
                            r.ref(), r.payload(), r.payloadDigest(), r.prevHash(), r.entryHash()));
                }
            }
        }
        return entries;
    }
}
