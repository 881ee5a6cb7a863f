package io.provenant.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Appends hash-chained entries, their outbox rows and the Merkle tree blocks they complete
 * ({@link MerkleStore}). Must run inside the caller's transaction, on its
 * connection, after {@link #lockHead}: the lock on the single head row serializes appends across all
 * replicas, so the chain stays linear and sequence numbers have no gaps.
 */
@ApplicationScoped
public class Journal {

    /** The head of the chain as locked by this transaction. */
    public record Head(long seq, String entryHash) {
    }

    /** An appended entry: its sequence number and the time recorded. */
    public record Appended(long seq, Instant recordedAt) {
    }

    public Head lockHead(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, entry_hash FROM journal_head WHERE id = 1 FOR UPDATE");
             ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("journal_head row is missing; the journal schema is damaged.");
            }
            return new Head(row.getLong(1), row.getString(2));
        }
    }

    /** Appends entries after {@code head} (locked by {@link #lockHead}) and queues them for projection. */
    public List<Appended> append(Connection connection, Head head, String actor, List<JournalDraft> drafts) throws SQLException {
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Timestamp timestamp = Timestamp.from(recordedAt);
        List<Appended> appended = new ArrayList<>(drafts.size());
        long seq = head.seq();
        String prevHash = head.entryHash();
        try (PreparedStatement journal = connection.prepareStatement(
                "INSERT INTO journal (seq, recorded_at, actor, project, operation, ref, payload, payload_digest, prev_hash, entry_hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement outbox = connection.prepareStatement("INSERT INTO outbox (seq) VALUES (?)")) {
            for (JournalDraft draft : drafts) {
                seq++;
                String entryHash = ChainHash.of(seq, recordedAt, actor, draft.project(), draft.operation(), draft.ref(),
                        draft.payloadDigest(), prevHash);
                journal.setLong(1, seq);
                journal.setTimestamp(2, timestamp);
                journal.setString(3, actor);
                journal.setString(4, draft.project());
                journal.setString(5, draft.operation());
                journal.setString(6, draft.ref());
                journal.setString(7, draft.payload());
                journal.setString(8, draft.payloadDigest());
                journal.setString(9, prevHash);
                journal.setString(10, entryHash);
                journal.addBatch();
                outbox.setLong(1, seq);
                outbox.addBatch();
                appended.add(new Appended(seq, recordedAt));
                prevHash = entryHash;
            }
            journal.executeBatch();
            outbox.executeBatch();
        }
        new MerkleStore(connection).extend(head.seq(), seq);
        try (PreparedStatement update = connection.prepareStatement("UPDATE journal_head SET seq = ?, entry_hash = ? WHERE id = 1")) {
            update.setLong(1, seq);
            update.setString(2, prevHash);
            update.executeUpdate();
        }
        // Delivered by PostgreSQL to every replica's JournalFeed on commit, never on rollback.
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify('" + JournalFeed.CHANNEL + "', ?)")) {
            notify.setString(1, Long.toString(seq));
            notify.execute();
        }
        return appended;
    }
}
