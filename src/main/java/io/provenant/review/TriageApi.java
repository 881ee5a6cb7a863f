package io.provenant.review;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import io.provenant.security.Guarded;

/** Triage: the review queues that versioned triage rules route feedback events to. */
@GraphQLApi
@Guarded
public class TriageApi {

    @Inject
    TriageQueue queues;

    @Query
    @Description("The feedback events routed to a review queue (by the triage rule version each was recorded with), with"
            + " their review status, ordered by priority (lower first) then registration; keyset paging (first 1..500).")
    public @NonNull TriageQueue.TriageQueueConnection reviewQueue(@NonNull String queue, String project,
            TriageQueue.ReviewStatus status, @DefaultValue("50") Integer first, String after) {
        return queues.page(queue, project, status, first, after);
    }
}
