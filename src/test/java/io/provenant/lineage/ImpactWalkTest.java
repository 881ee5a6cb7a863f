package io.provenant.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.neo4j.driver.Values;

import io.provenant.lineage.LineageGraph.TruncationReason;

/**
 * How impact rebuilds its breadth-first walk from impact.cypher's rows (the walk's limits and parent choice; ImpactTest
 * asks the same of the running app on the story fixture). Rows are ordered by depth, then registration.
 */
class ImpactWalkTest {

    private static Map<String, Object> row(String ref, int depth, String... near) {
        return Map.of("ref", ref, "depth", depth, "near", List.of(near));
    }

    private static Impact.Downstream walk(List<String> roots, int maxNodes, Map<TruncationReason, String> reasons,
            List<Map<String, Object>> rows) {
        return Impact.downstream(roots, Values.value(rows), maxNodes, reasons);
    }

    @Test
    void aNodesParentIsTheLeastRefOneHopNearerTheRoots() {
        Map<TruncationReason, String> reasons = new EnumMap<>(TruncationReason.class);
        Impact.Downstream walk = walk(List.of("dataset:b@1", "dataset:a@1"), 100, reasons, List.of(
                row("training-run:x@1", 1, "dataset:b@1", "dataset:a@1"),
                row("checkpoint:x@1", 2, "training-run:x@1"),
                // made from a root (depth 0) and from the run (depth 1): its parent is one hop nearer, the run
                row("eval-run:e@1", 2, "dataset:a@1", "training-run:x@1", "checkpoint:x@1")));
        assertEquals(Map.of("training-run:x@1", "dataset:a@1", "checkpoint:x@1", "training-run:x@1", "eval-run:e@1", "training-run:x@1"),
                walk.parent());
        assertEquals(List.of("dataset:b@1", "dataset:a@1", "training-run:x@1", "checkpoint:x@1", "eval-run:e@1"),
                new ArrayList<>(walk.depth().keySet()), "roots first, then in the rows' order");
        assertEquals(Map.of(), reasons);
    }

    @Test
    void nothingPastDepthThirtyButTheWalkSaysThatMoreLiesBeyond() {
        List<Map<String, Object>> chain = new ArrayList<>();
        String previous = "dataset:d@1";
        for (int depth = 1; depth <= 31; depth++) {
            String ref = "checkpoint:c@" + depth;
            chain.add(row(ref, depth, previous));
            previous = ref;
        }
        Map<TruncationReason, String> reasons = new EnumMap<>(TruncationReason.class);
        Impact.Downstream walk = walk(List.of("dataset:d@1"), 100, reasons, chain);
        assertEquals(31, walk.depth().size(), "the root and 30 hops");
        assertEquals(30, walk.depth().get("checkpoint:c@30"));
        assertEquals(Map.of(TruncationReason.DEPTH_LIMIT, "artifacts lie beyond maxDepth 30."), reasons);
    }

    @Test
    void theRootsCountTowardsMaxNodes() {
        Map<TruncationReason, String> reasons = new EnumMap<>(TruncationReason.class);
        Impact.Downstream walk = walk(List.of("dataset:a@1", "dataset:b@1"), 3, reasons, List.of(
                row("training-run:x@1", 1, "dataset:a@1"), row("training-run:y@1", 1, "dataset:b@1")));
        assertEquals(List.of("dataset:a@1", "dataset:b@1", "training-run:x@1"), new ArrayList<>(walk.depth().keySet()));
        assertEquals(Map.of(TruncationReason.EXPLORATION_LIMIT, "the walk stopped at maxNodes 3; artifacts were left unexplored."),
                reasons);
    }

    @Test
    void aRowWithoutANodeOneHopNearerIsABugNotAnAnswer() {
        assertThrows(IllegalStateException.class, () -> walk(List.of("dataset:a@1"), 100, new EnumMap<>(TruncationReason.class),
                List.of(row("checkpoint:x@1", 2, "dataset:a@1"))));
    }
}
