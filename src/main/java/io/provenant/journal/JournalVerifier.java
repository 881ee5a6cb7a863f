package io.provenant.journal;

import java.time.Instant;
import java.util.function.Function;

import io.provenant.artifact.Digests;

/**
 * Verifies a journal read in sequence order, in one pass with O(log n) memory: positions have no gaps, every
 * payload matches its digest, every entry links to the one before (prev_hash) and its entry_hash recomputes
 * ({@link ChainHash}); the Merkle root of the verified entries is accumulated on the way. The first problem
 * found is located exactly:
 * <ul>
 * <li>{@code MISSING}: position p is absent (a deleted row, or a truncated tail: fewer entries than the head says);</li>
 * <li>{@code REORDERED}: the entry at p links to an entry that is present but at another position q ≠ p − 1
 * (rows swapped or moved);</li>
 * <li>{@code CHANGED}: the payload does not match its digest, a field no longer matches the entry hash, or the
 * link points to no entry at all.</li>
 * </ul>
 * Used by verifyAudit (rows from PostgreSQL) and by the offline verifier (rows from an exported JSONL file).
 */
public final class JournalVerifier {

    /** One journal entry as stored or exported. */
    public record Row(long seq, Instant recordedAt, String actor, String project, String operation, String ref,
            String payload, String payloadDigest, String prevHash, String entryHash) {
    }

    /** What can be wrong at a position. */
    public enum Problem {
        MISSING, CHANGED, REORDERED
    }

    /** The outcome: how many entries verified and their Merkle root, or the first bad position and why. */
    public record Result(long verifiedSize, String rootHash, boolean valid, Long firstBadPosition,
            Problem problem, String detail) {
    }

    private final Function<String, Long> positionOfEntryHash;
    /** Complete subtrees of 2^STORED_LEVEL leaves and up, to check the stored tree against (about n / 128 of them). */
    private final java.util.Map<String, String> subtrees = new java.util.HashMap<>();
    private final MerkleTree.Accumulator tree = new MerkleTree.Accumulator(MerkleStore.STORED_LEVEL,
            (level, index, hash) -> subtrees.put(level + ":" + index, MerkleTree.hex(hash)));
    private String prevHash = ChainHash.GENESIS;
    private long expected = 1;
    private Long badPosition;
    private Problem problem;
    private String detail;
    private String misplacedPrevHash;

    /**
     * {@code positionOfEntryHash}: the position of the entry with this entry_hash, or null; asked at most once, by
     * {@link #finish}, when an entry's link is wrong.
     */
    public JournalVerifier(Function<String, Long> positionOfEntryHash) {
        this.positionOfEntryHash = positionOfEntryHash;
    }

    /** Checks the next row; returns false once a problem was found (later rows are not looked at). */
    public boolean add(Row row) {
        if (badPosition != null) {
            return false;
        }
        long p = expected;
        if (row.seq() != p) {
            return fail(p, Problem.MISSING, row.seq() > p ? "entry " + p + " is missing; the next entry present is " + row.seq() + "."
                    : "entry " + row.seq() + " appears again after entry " + (p - 1) + ".");
        }
        if (!prevHash.equals(row.prevHash())) {
            misplacedPrevHash = row.prevHash(); // REORDERED or CHANGED: told apart in finish(), after the rows are read
            return fail(p, Problem.CHANGED, "prev_hash " + row.prevHash() + " is not the entry hash of entry " + (p - 1) + ".");
        }
        if (row.payload() == null || !Digests.sha256(row.payload()).equals(row.payloadDigest())) {
            return fail(p, Problem.CHANGED, "the payload no longer matches its payload_digest.");
        }
        String recomputed = ChainHash.of(p, row.recordedAt(), row.actor(), row.project(), row.operation(), row.ref(),
                row.payloadDigest(), prevHash);
        if (!recomputed.equals(row.entryHash())) {
            return fail(p, Problem.CHANGED, "a field (time, actor, project, operation, ref or digest) no longer matches the entry hash.");
        }
        tree.add(MerkleTree.leafHash(row.entryHash()));
        prevHash = row.entryHash();
        expected++;
        return true;
    }

    /** Ends the pass. {@code expectedSize}/{@code expectedLastHash} (the journal head), when known, catch a truncated tail. */
    public Result finish(Long expectedSize, String expectedLastHash) {
        if (misplacedPrevHash != null) {
            Long q = positionOfEntryHash.apply(misplacedPrevHash);
            if (q != null && q != badPosition - 1) {
                problem = Problem.REORDERED;
                detail = "entry " + badPosition + " follows entry " + q + " (its prev_hash), not entry " + (badPosition - 1) + ".";
            }
        }
        if (badPosition == null && expectedSize != null && expected - 1 < expectedSize) {
            fail(expected, Problem.MISSING, "the journal ends at entry " + (expected - 1) + " but its head records " + expectedSize
                    + " entries: the tail from " + expected + " is missing.");
        } else if (badPosition == null && expectedLastHash != null && expected > 1 && !expectedLastHash.equals(prevHash)) {
            fail(expected - 1, Problem.CHANGED, "the journal head records another hash for entry " + (expected - 1) + ".");
        }
        return new Result(tree.size(), MerkleTree.hex(tree.root()), badPosition == null, badPosition, problem, detail);
    }

    /** The hash of the complete subtree (level, index) of the verified entries, or null if it was not formed. */
    public String subtree(int level, long index) {
        return subtrees.get(level + ":" + index);
    }

    private boolean fail(long position, Problem found, String why) {
        badPosition = position;
        problem = found;
        detail = why;
        return false;
    }
}
