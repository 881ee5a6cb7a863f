package io.provenant.lineage;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.provenant.api.PageInfo;
import io.provenant.artifact.EdgeType;
import io.provenant.artifact.Kind;
import io.provenant.security.PersonalData;

/** A page of a lineage graph that a dashboard can draw as it is. */
@Description("A page of a lineage graph: nodes in (depth, registration) order, the edges first drawable on this page, and why it is not complete, if it is not.")
public record LineageGraph(
        @NonNull LineageNode root,
        @NonNull @Description("This page's nodes, in (depth, journal sequence) order; the root comes first on the first page.") List<@NonNull LineageNode> nodes,
        @NonNull @Description("Edges whose both ends are on this or earlier pages and one end on this page: over all pages, every edge once.") List<@NonNull LineageEdge> edges,
        @NonNull PageInfo pageInfo,
        @NonNull @Description("Nodes in the whole answer (all pages), after the kinds filter.") int totalCount,
        @NonNull @Description("True when the answer is not the whole lineage: see truncation.") boolean truncated,
        @NonNull List<@NonNull Truncation> truncation,
        @NonNull @Description("The instant the answer is as of (given, or the time of the first page; carried by cursors).") OffsetDateTime asOf) {

    /** One artifact in a lineage graph. */
    public record LineageNode(@NonNull String ref, @NonNull Kind kind, @NonNull String key, @NonNull String version,
            @NonNull String project, @NonNull OffsetDateTime registeredAt,
            @PersonalData(PersonalData.What.IDENTITY) @Description("Who registered it (the journal's actor).") String registeredBy,
            @Description("sha256 of the canonical JSON of what was registered.") String digest,
            @NonNull @Description("Hops from the root (0 for the root).") int depth,
            @NonNull LineageSide side,
            @NonNull @Description("Kind-specific display properties as of asOf (e.g. a dataset's split and seal).") List<@NonNull Attribute> attributes,
            @NonNull @Description("True when the node belongs to a project your token cannot read: a placeholder with its kind only.") boolean restricted) {
    }

    /** Where a node lies relative to the root. */
    public enum LineageSide {
        ROOT, UPSTREAM, DOWNSTREAM
    }

    /** A display property. */
    public record Attribute(@NonNull String name, @NonNull String value) {
    }

    /** A typed edge, pointing from the newer artifact to what it was made from. */
    public record LineageEdge(@NonNull String from, @NonNull EdgeType type, @NonNull String to,
            @NonNull @Description("When the edge was registered.") OffsetDateTime since) {
    }

    /** Why an answer is not the whole lineage. */
    public record Truncation(@NonNull TruncationReason reason, @NonNull String detail) {
    }

    /** The reasons an answer can be cut. */
    public enum TruncationReason {
        /** Artifacts exist beyond maxDepth. */
        DEPTH_LIMIT,
        /** The walk reached maxNodes (or a hop's row cap) before it ended. */
        EXPLORATION_LIMIT,
        /** More nodes follow on later pages. */
        PAGE
    }
}
