package io.provenant.graph;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** A fingerprint of the whole lineage graph as Neo4j holds it, computed by {@link GraphDigests}. */
@Description("A fingerprint of the whole Neo4j lineage graph: equal digests mean equal graphs (nodes, labels,"
        + " relationships and every property). The algorithm is documented in graph-schema/README.md so an auditor"
        + " can recompute it.")
public record GraphDigest(
        @NonNull @Description("sha256 (lowercase hex) over the canonical lines of the nodes and relationships, sorted,"
                + " and their counts (graph-schema/README.md, \"Graph digest\").") String digest,
        @NonNull @Description("Nodes in the graph, not counting the :__Neo4jMigration bookkeeping nodes.") long nodeCount,
        @NonNull @Description("Relationships in the graph.") long edgeCount,
        @NonNull @Description("When the computation finished. The graph is read page by page, not as one snapshot:"
                + " compare digests taken while no projection is pending.") OffsetDateTime computedAt) {
}
