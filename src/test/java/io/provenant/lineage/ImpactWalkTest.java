package io.provenant.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.neo4j.driver.Values;

import io.provenant.lineage.LineageGraph.TruncationReason;

/**
 * How impact rebuilds its breadth-first walk from impact.cypher's rows (each artifact downstream with its registration
 * and the nodes it was made from, in no particular order): depths, the walk's limits and parent choice. ImpactTest
 * asks the same of the running app on the story fixture.
 */
class ImpactWalkTest {

    private static Map<String, Object> row(String ref, long seq, String... near) {
        return Map.of("ref", ref, "seq", seq, "near", List.of(near));
    }

    private static Impact.Downstream walk(List<String> roots, int maxNodes, int cut, Map<TruncationReason, String> reasons,
            List<Map<String, Object>> rows) {
        return Impact.downstream(roots, Values.value(rows), maxNodes, cut, reasons);
    }

    @Test
    void aNodesParentIsTheLeastRefOneHopNearerTheRoots() {
        Map<TruncationReason, String> reasons = new EnumMap<>(TruncationReason.class);
        Impact.Downstream walk = walk(List.of("dataset:b@1", "dataset:a@1"), 100, 0, reasons, List.of(
                // made from a root (depth 0) and from the run (depth 1): one hop from a root, so its parent is the root
                row("eval-run:e@1", 12, "dataset:a@1", "training-run:x@1", "checkpoint:x@1"),
                row("checkpoint:x@1", 11, "training-run:x@1"),
                row("training-run:x@1", 10, "dataset:b@1", "dataset:a@1"),
                row("gate:g@1", 13, "eval-run:e@1", "checkpoint:x@1")));
        assertEquals(Map.of("training-run:x@1", "dataset:a@1", "eval-run:e@1", "dataset:a@1", "checkpoint:x@1", "training-run:x@1",
                "gate:g@1", "eval-run:e@1"), walk.parent()); // the gate: one hop from the eval run (depth 1), two from the checkpoint
        assertEquals(Map.of("dataset:b@1", 0, "dataset:a@1", 0, "training-run:x@1", 1, "eval-run:e@1", 1, "checkpoint:x@1", 2,
                "gate:g@1", 2), walk.depth());
        assertEquals(List.of("dataset:b@1", "dataset:a@1", "training-run:x@1", "eval-run:e@1", "checkpoint:x@1", "gate:g@1"),
                new ArrayList<>(walk.depth().keySet()), "roots first, then by depth, then by registration");
        assertEquals(Map.of(), reasons);
    }

    @Test
    void nothingPastDepthThirtyButTheWalkSaysThatMoreLiesBeyond() {
        List<Map<String, Object>> chain = new ArrayList<>();
        String previous = "dataset:d@1";
        for (int depth = 1; depth <= 31; depth++) {
            String ref = "checkpoint:c@" + depth;
            chain.add(row(ref, 100 - depth, previous)); // registered in the reverse order of the chain: depth decides
            previous = ref;
        }
        Collections.shuffle(chain, new java.util.Random(7));
        Map<TruncationReason, String> reasons = new EnumMap<>(TruncationReason.class);
        Impact.Downstream walk = walk(List.of("dataset:d@1"), 100, 0, reasons, chain);
        assertEquals(31, walk.depth().size(), "the root and 30 hops");
        assertEquals(30, walk.depth().get("checkpoint:c@30"));
        assertEquals("checkpoint:c@29", walk.parent().get("checkpoint:c@30"));
        assertEquals(Map.of(TruncationReason.DEPTH_LIMIT, "artifacts lie beyond maxDepth 30."), reasons);
    }

    @Test
    void theRootsCountTowardsMaxNodes() {
        Map<TruncationReason, String> reasons = new EnumMap<>(TruncationReason.class);
        Impact.Downstream walk = walk(List.of("dataset:a@1", "dataset:b@1"), 3, 0, reasons, List.of(
                row("training-run:y@1", 6, "dataset:b@1"), row("training-run:x@1", 5, "dataset:a@1")));
        assertEquals(List.of("dataset:a@1", "dataset:b@1", "training-run:x@1"), new ArrayList<>(walk.depth().keySet()));
        assertEquals(Map.of(TruncationReason.EXPLORATION_LIMIT, "the walk stopped at maxNodes 3; artifacts were left unexplored."),
                reasons);
    }

    @Test
    void aRowNotReachedFromTheRootsIsABugNotAnAnswer() {
        assertThrows(IllegalStateException.class, () -> walk(List.of("dataset:a@1"), 100, 0, new EnumMap<>(TruncationReason.class),
                List.of(row("checkpoint:x@1", 2, "training-run:elsewhere@1"))));
    }

    @Test
    void rowsCutByTheStatementAreWalkedAsFarAsTheyReachAndTheAnswerSaysSo() {
        Map<TruncationReason, String> reasons = new EnumMap<>(TruncationReason.class);
        // the statement returned its limit of 2 rows: the checkpoint's run was not among them
        Impact.Downstream walk = walk(List.of("dataset:a@1"), 100, 2, reasons, List.of(
                row("training-run:x@1", 5, "dataset:a@1"), row("checkpoint:y@1", 6, "training-run:y@1")));
        assertEquals(List.of("dataset:a@1", "training-run:x@1"), new ArrayList<>(walk.depth().keySet()));
        assertEquals(Map.of(TruncationReason.EXPLORATION_LIMIT, "more than 2 artifacts lie downstream; the walk went through the first 2 found."),
                reasons);
    }
}
