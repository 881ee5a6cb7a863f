package io.provenant.graph;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import io.provenant.journal.Projector;

/**
 * How current the graph behind a lineage answer is. The graph is a projection of the PostgreSQL journal;
 * answers come from Neo4j alone and keep working while PostgreSQL is down, and then say they may be stale.
 */
@Type("GraphFreshness")
@Description("How current the lineage graph behind this answer is.")
public record GraphFreshness(
        @NonNull @Description("Whether the journal (PostgreSQL) could be asked. false: writes are refused meanwhile, but"
                + " entries journaled before the outage may not be in the graph yet.") boolean journalReachable,
        @Description("Journal entries not yet in the graph (0: the answer reflects every accepted write); null when the"
                + " journal cannot be reached.") Long pendingEntries,
        @Description("When this replica last applied journal entries to the graph; null if not since it started.")
        OffsetDateTime lastProjectedAt) {

    /** Computes it: one count of the outbox, which fails fast when PostgreSQL is down. */
    @ApplicationScoped
    public static class Probe {

        @Inject
        Projector projector;

        public GraphFreshness now() {
            Long pending;
            try {
                pending = projector.pending();
            } catch (RuntimeException unreachable) {
                pending = null;
            }
            java.time.Instant last = projector.lastProjection();
            return new GraphFreshness(pending != null, pending, last == null ? null : last.atOffset(ZoneOffset.UTC));
        }
    }
}
