package io.provenant.graph;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** What one graph rebuild did ({@link GraphRebuilds}). */
@Description("A completed rebuild of the Neo4j lineage graph from the PostgreSQL journal.")
public record GraphRebuild(
        @NonNull @Description("Journal entries replayed into the emptied graph (every entry up to throughSequence).") long entriesReplayed,
        @NonNull @Description("The last journal sequence number replayed. Later entries were left in the outbox and are"
                + " projected by the background projector as usual.") long throughSequence,
        @NonNull @Description("Wall time of the rebuild in seconds: schema drop, wipe, migrations and replay (not the digest).") double seconds,
        @NonNull @Description("Seconds spent replaying the journal into the emptied graph (part of seconds).") double replaySeconds,
        @NonNull @Description("Replay throughput: entriesReplayed / replaySeconds, as in the progress lines.") double entriesPerSecond,
        @NonNull @Description("The digest of the rebuilt graph, computed before projection resumed; equal to the"
                + " graphDigest of the graph before the rebuild when that graph was complete and untouched.") GraphDigest digest) {
}
