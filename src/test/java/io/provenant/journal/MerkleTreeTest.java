package io.provenant.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** RFC 6962 tree hashes against the Certificate Transparency test vectors; proofs verify, and fail when altered. */
class MerkleTreeTest {

    /** The RFC 6962 reference leaves and roots (certificate-transparency test data). */
    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private static List<byte[]> leaves(int n, long seed) {
        Random random = new Random(seed);
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] input = new byte[32];
            random.nextBytes(input);
            leaves.add(MerkleTree.leafHash(input));
        }
        return leaves;
    }

    private static MerkleTree.Subtrees inMemory(List<byte[]> leaves) {
        return (start, end) -> MerkleTree.root(leaves, (int) start, (int) end);
    }

    @Test
    void rootsMatchTheRfc6962TestVectorsWhetherRecursiveOrStreamed() {
        List<byte[]> leaves = new ArrayList<>();
        MerkleTree.Accumulator streamed = new MerkleTree.Accumulator();
        for (int i = 0; i < LEAVES.length; i++) {
            byte[] leaf = MerkleTree.leafHash(HexFormat.of().parseHex(LEAVES[i]));
            leaves.add(leaf);
            streamed.add(leaf);
            assertEquals(ROOTS[i], MerkleTree.hex(MerkleTree.root(leaves, 0, i + 1)), "size " + (i + 1));
            assertEquals(ROOTS[i], MerkleTree.hex(streamed.root()), "streamed, size " + (i + 1));
        }
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", MerkleTree.hex(MerkleTree.emptyRoot()));
    }

    @Test
    void everyInclusionProofVerifiesAndNoAlteredOneDoes() {
        for (int n = 1; n <= 130; n++) {
            List<byte[]> leaves = leaves(n, n);
            byte[] root = MerkleTree.root(leaves, 0, n);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = MerkleTree.inclusionProof(m, n, inMemory(leaves));
                assertTrue(MerkleTree.verifyInclusion(m, n, leaves.get(m), proof, root), "leaf " + m + " of " + n);
                byte[] other = leaves.get((m + 1) % n);
                if (n > 1) {
                    assertFalse(MerkleTree.verifyInclusion(m, n, other, proof, root), "another leaf at " + m + " of " + n);
                    assertFalse(MerkleTree.verifyInclusion((m + 1) % n, n, leaves.get(m), proof, root), "another index");
                }
                if (!proof.isEmpty()) {
                    List<byte[]> altered = new ArrayList<>(proof);
                    byte[] flipped = altered.get(0).clone();
                    flipped[0] ^= 1;
                    altered.set(0, flipped);
                    assertFalse(MerkleTree.verifyInclusion(m, n, leaves.get(m), altered, root));
                }
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndRewritingHistoryFails() {
        for (int n = 1; n <= 70; n++) {
            List<byte[]> leaves = leaves(n, 1000 + n);
            byte[] second = MerkleTree.root(leaves, 0, n);
            for (int m = 1; m <= n; m++) {
                byte[] first = MerkleTree.root(leaves, 0, m);
                List<byte[]> proof = MerkleTree.consistencyProof(m, n, inMemory(leaves));
                assertTrue(MerkleTree.verifyConsistency(m, n, first, second, proof), m + " -> " + n);
                // the same sizes over a history whose first entry was rewritten
                List<byte[]> rewritten = new ArrayList<>(leaves);
                rewritten.set(0, MerkleTree.leafHash(new byte[] {9}));
                byte[] rewrittenSecond = MerkleTree.root(rewritten, 0, n);
                List<byte[]> rewrittenProof = MerkleTree.consistencyProof(m, n, inMemory(rewritten));
                assertFalse(MerkleTree.verifyConsistency(m, n, first, rewrittenSecond, rewrittenProof), "rewritten " + m + " -> " + n);
            }
        }
    }

    @Test
    void theStreamedRootEqualsTheRecursiveOneAtEverySize() {
        List<byte[]> leaves = leaves(1100, 7);
        MerkleTree.Accumulator streamed = new MerkleTree.Accumulator();
        for (int i = 0; i < leaves.size(); i++) {
            streamed.add(leaves.get(i));
            assertArrayEquals(MerkleTree.root(leaves, 0, i + 1), streamed.root(), "size " + (i + 1));
        }
    }
}
