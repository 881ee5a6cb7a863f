package io.provenant.graph;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import io.provenant.security.Guarded;

/** The graph as a projection of the journal: its digest, and rebuilding it from the journal. */
@GraphQLApi
@Guarded
public class GraphApi {

    @Inject
    GraphDigests digests;

    @Inject
    GraphRebuilds rebuilds;

    @Query
    @Description("The digest of the Neo4j lineage graph as it is now, with its node and relationship counts. Equal digests"
            + " mean equal graphs; compare it with rebuildGraph's digest, or between environments. Reads the whole graph.")
    public @NonNull GraphDigest graphDigest() {
        return digests.compute();
    }

    @Mutation
    @Description("Admin only. Rebuilds the Neo4j lineage graph from the PostgreSQL journal: checks the Neo4j migrations'"
            + " checksums, drops the graph's constraints and indexes, deletes every node and relationship, re-applies the"
            + " migrations and replays every journal entry in order, then returns the digest of the rebuilt graph."
            + " Lineage questions see an incomplete graph while it runs; registrations are accepted and projected when it"
            + " is done. CONFLICT while another rebuild runs. Also available as the command `provenant rebuild-graph`.")
    public @NonNull CompletionStage<@NonNull GraphRebuild> rebuildGraph() {
        return rebuilds.start();
    }
}
