package io.provenant.journal;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.provenant.artifact.Digests;

/**
 * The journal as a Merkle tree in the style of RFC 6962 (Certificate Transparency) and RFC 9162 §2.1: leaf
 * {@code i} (0-based) is journal entry {@code seq = i + 1}, its leaf input the 32 bytes of the entry's
 * {@code entry_hash}. Leaf hash {@code SHA-256(0x00 || input)}, interior hash {@code SHA-256(0x01 || left || right)},
 * the tree over {@code n} leaves split at the largest power of two smaller than {@code n}; the empty tree's
 * hash is {@code SHA-256()}.
 *
 * <p>Proof construction needs the hash of any subtree, which callers supply ({@link Subtrees}: the
 * application reads stored nodes, an offline verifier computes from leaves). Proof verification is the
 * algorithm of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) and needs only the proof.
 */
public final class MerkleTree {

    private static final HexFormat HEX = HexFormat.of();

    private MerkleTree() {
    }

    /** MTH of the leaves {@code [start, end)}, 0-based. */
    @FunctionalInterface
    public interface Subtrees {
        byte[] hash(long start, long end);
    }

    public static byte[] emptyRoot() {
        return Digests.newSha256().digest();
    }

    /** The leaf hash of a journal entry, from its entry hash (hex). */
    public static byte[] leafHash(String entryHashHex) {
        return leafHash(HEX.parseHex(entryHashHex));
    }

    /** RFC 6962 leaf hash of any leaf input. */
    public static byte[] leafHash(byte[] input) {
        MessageDigest sha = Digests.newSha256();
        sha.update((byte) 0);
        sha.update(input);
        return sha.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = Digests.newSha256();
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The largest power of two strictly smaller than {@code n} (n ≥ 2). */
    public static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** MTH over leaf hashes held in memory (for small ranges). */
    public static byte[] root(List<byte[]> leafHashes, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return emptyRoot();
        }
        if (n == 1) {
            return leafHashes.get(from);
        }
        int k = (int) split(n);
        return nodeHash(root(leafHashes, from, from + k), root(leafHashes, from + k, to));
    }

    /**
     * Streams leaves in order and yields the root with O(log n) memory: a stack of perfect subtrees, merged
     * while the two on top have equal size, folded right to left at the end (equal to MTH).
     */
    public static final class Accumulator {
        private final List<byte[]> hashes = new ArrayList<>();
        private final List<Long> sizes = new ArrayList<>();
        private long size;
        private final int reportLevel;
        private final Node reported;

        /** Receives each complete subtree of 2^level leaves at index (its first leaf / 2^level) once formed. */
        @FunctionalInterface
        public interface Node {
            void formed(int level, long index, byte[] hash);
        }

        public Accumulator() {
            this(Integer.MAX_VALUE, null);
        }

        /** Reports every complete subtree of {@code 2^level} leaves, {@code level >= reportLevel}, to {@code reported}. */
        public Accumulator(int reportLevel, Node reported) {
            this.reportLevel = reportLevel;
            this.reported = reported;
        }

        public void add(byte[] leafHash) {
            hashes.add(leafHash);
            sizes.add(1L);
            size++;
            while (sizes.size() >= 2 && sizes.get(sizes.size() - 1).equals(sizes.get(sizes.size() - 2))) {
                byte[] right = hashes.remove(hashes.size() - 1);
                byte[] left = hashes.remove(hashes.size() - 1);
                long s = sizes.remove(sizes.size() - 1);
                sizes.remove(sizes.size() - 1);
                byte[] merged = nodeHash(left, right);
                hashes.add(merged);
                sizes.add(2 * s);
                int level = Long.numberOfTrailingZeros(2 * s);
                if (level >= reportLevel) {
                    reported.formed(level, size / (2 * s) - 1, merged);
                }
            }
        }

        public long size() {
            return size;
        }

        public byte[] root() {
            if (hashes.isEmpty()) {
                return emptyRoot();
            }
            byte[] root = hashes.get(hashes.size() - 1);
            for (int i = hashes.size() - 2; i >= 0; i--) {
                root = nodeHash(hashes.get(i), root);
            }
            return root;
        }
    }

    /** PATH(m, D[start:end]) of RFC 6962 §2.1.1: the inclusion proof of leaf {@code m} (0-based, absolute). */
    public static List<byte[]> inclusionProof(long m, long treeSize, Subtrees subtrees) {
        if (m < 0 || m >= treeSize) {
            throw new IllegalArgumentException("leaf " + m + " is not in a tree of " + treeSize);
        }
        List<byte[]> proof = new ArrayList<>();
        path(m, 0, treeSize, subtrees, proof);
        return proof;
    }

    private static void path(long m, long start, long end, Subtrees subtrees, List<byte[]> proof) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = split(n);
        if (m - start < k) {
            path(m, start, start + k, subtrees, proof);
            proof.add(subtrees.hash(start + k, end));
        } else {
            path(m, start + k, end, subtrees, proof);
            proof.add(subtrees.hash(start, start + k));
        }
    }

    /** PROOF(m, D[n]) of RFC 6962 §2.1.2: the consistency proof between tree sizes {@code m} and {@code n}. */
    public static List<byte[]> consistencyProof(long m, long n, Subtrees subtrees) {
        if (m < 1 || m > n) {
            throw new IllegalArgumentException("no consistency proof from size " + m + " to " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        if (m < n) {
            subproof(m, 0, n, true, subtrees, proof);
        }
        return proof;
    }

    private static void subproof(long m, long start, long end, boolean complete, Subtrees subtrees, List<byte[]> proof) {
        long n = end - start;
        if (m == n) {
            if (!complete) {
                proof.add(subtrees.hash(start, end));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(m, start, start + k, complete, subtrees, proof);
            proof.add(subtrees.hash(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, subtrees, proof);
            proof.add(subtrees.hash(start, start + k));
        }
    }

    /** RFC 9162 §2.1.3.2: does {@code proof} show leaf {@code index} with this hash in the tree with this root? */
    public static boolean verifyInclusion(long index, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= treeSize) {
            return false;
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 §2.1.4.2: does {@code proof} show the tree of size {@code n} extends the one of size {@code m}? */
    public static boolean verifyConsistency(long m, long n, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (m < 1 || m > n) {
            return false;
        }
        if (m == n) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(m) == 1) { // m is a power of two: the first root is the proof's implicit first node
            path.add(0, firstRoot);
        }
        long fn = m - 1;
        long sn = n - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    public static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }
}
