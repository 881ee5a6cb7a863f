package io.provenant.artifact;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;

import io.provenant.security.Caller;
import io.provenant.security.Guarded;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;

/** Live registrations over the GraphQL WebSocket (graphql-transport-ws or graphql-ws at /graphql). */
@GraphQLApi
@Guarded
public class ArtifactSubscriptionApi {

    @Inject
    ArtifactFeed feed;

    @Inject
    Caller caller;

    @Subscription
    @Description("Artifacts as they are registered (after the journal commit), in journal order, each once. Filters: projects and"
            + " kinds (null: all). afterSequence: resume after this journal position (an artifact's journalSequence), replaying"
            + " what was registered since; null: from now on. A token scoped to projects sees only those.")
    public Multi<@NonNull Artifact> artifactRegistered(List<String> projects, List<Kind> kinds, Long afterSequence) {
        return feed.registered(ArtifactFeed.scope(caller.principal(), projects), kinds, afterSequence);
    }
}
