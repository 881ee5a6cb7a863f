package io.provenant.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal's Merkle tree as stored in PostgreSQL: the hash of every complete, aligned block of
 * {@code 2^level} leaves for {@code level >= }{@value #STORED_LEVEL} ({@code merkle_node}, append-only, written in
 * the appending transaction under the journal head lock). Anything smaller is computed from the journal's
 * entry hashes (at most {@code 2^STORED_LEVEL} of them per range), so a subtree hash, and so a proof, costs
 * O(log n) indexed reads whatever the journal's size; storage is about one row per 128 entries.
 */
public final class MerkleStore {

    /** Blocks of 256 leaves and up are stored. */
    public static final int STORED_LEVEL = 8;
    private static final long BLOCK = 1L << STORED_LEVEL;

    private final Connection connection;
    private final Map<String, byte[]> memo = new HashMap<>();

    public MerkleStore(Connection connection) {
        this.connection = connection;
    }

    /** MTH of leaves {@code [start, end)} (0-based), as a {@link MerkleTree.Subtrees}. */
    public byte[] hash(long start, long end) {
        try {
            return subtree(start, end);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the journal's Merkle tree: " + e.getMessage(), e);
        }
    }

    /** The root over the first {@code size} entries. */
    public byte[] root(long size) {
        return size == 0 ? MerkleTree.emptyRoot() : hash(0, size);
    }

    private byte[] subtree(long start, long end) throws SQLException {
        long n = end - start;
        String key = start + ":" + end;
        byte[] known = memo.get(key);
        if (known != null) {
            return known;
        }
        byte[] hash = null;
        boolean block = n >= BLOCK && Long.bitCount(n) == 1 && start % n == 0;
        if (block) {
            hash = stored(Long.numberOfTrailingZeros(n), start / n);
        }
        if (hash == null) { // not a stored block, not stored yet, or a journal older than the stored tree
            if (n <= BLOCK) {
                hash = MerkleTree.root(leaves(start, end), 0, (int) n);
            } else {
                long k = MerkleTree.split(n);
                hash = MerkleTree.nodeHash(subtree(start, start + k), subtree(start + k, end));
            }
        }
        memo.put(key, hash);
        return hash;
    }

    private List<byte[]> leaves(long start, long end) throws SQLException {
        List<byte[]> leaves = new ArrayList<>((int) (end - start));
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, entry_hash FROM journal WHERE seq > ? AND seq <= ? ORDER BY seq")) {
            select.setLong(1, start);
            select.setLong(2, end);
            try (ResultSet rows = select.executeQuery()) {
                long expected = start + 1;
                while (rows.next()) {
                    if (rows.getLong(1) != expected++) {
                        throw new IllegalStateException("Journal entry " + (expected - 1) + " is missing; verifyAudit locates the damage.");
                    }
                    leaves.add(MerkleTree.leafHash(rows.getString(2)));
                }
            }
        }
        if (leaves.size() != end - start) {
            throw new IllegalStateException("The journal has fewer than " + end + " entries.");
        }
        return leaves;
    }

    private byte[] stored(int level, long index) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT hash FROM merkle_node WHERE level = ? AND idx = ?")) {
            select.setInt(1, level);
            select.setLong(2, index);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? MerkleTree.unhex(row.getString(1)) : null;
            }
        }
    }

    /**
     * Stores the blocks completed by growing the journal from {@code oldSize} to {@code newSize} entries. Call in
     * the appending transaction, after its rows are inserted and under the journal head lock.
     */
    public void extend(long oldSize, long newSize) throws SQLException {
        long first = oldSize / BLOCK * BLOCK; // where the first block this append can complete starts
        long last = newSize / BLOCK * BLOCK; // where the last complete block ends
        if (last <= first) {
            return;
        }
        List<byte[]> leaves = leaves(first, last); // one read for every block completed
        List<Object[]> rows = new ArrayList<>();
        for (long end = first + BLOCK; end <= last; end += BLOCK) {
            for (int level = STORED_LEVEL; end % (1L << level) == 0; level++) {
                long size = 1L << level;
                long start = end - size;
                // New nodes are not stored yet: hash them from their children (the right one was just made).
                byte[] hash = level == STORED_LEVEL ? MerkleTree.root(leaves, (int) (start - first), (int) (end - first))
                        : MerkleTree.nodeHash(subtree(start, start + size / 2), subtree(start + size / 2, end));
                memo.put(start + ":" + end, hash);
                rows.add(new Object[] {level, end / size - 1, MerkleTree.hex(hash)});
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO merkle_node (level, idx, hash) VALUES (?, ?, ?)")) {
            for (Object[] row : rows) {
                insert.setInt(1, (Integer) row[0]);
                insert.setLong(2, (Long) row[1]);
                insert.setString(3, (String) row[2]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
