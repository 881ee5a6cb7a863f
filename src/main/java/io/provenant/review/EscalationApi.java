package io.provenant.review;

import java.time.OffsetDateTime;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import io.provenant.security.Guarded;

/** Escalation: feedback events sent to a higher review tier, and their resolution. */
@GraphQLApi
@Guarded
public class EscalationApi {

    @Inject
    EscalationQueue escalations;

    @Query
    @Description("Escalations as of asOf (default: now), each as its latest version, with its age (opened → resolved, or"
            + " → asOf while unresolved), in the order they were opened; only the unresolved ones unless unresolvedOnly is"
            + " false; keyset paging (first 1..500).")
    public @NonNull EscalationQueue.EscalationConnection escalations(String project,
            @DefaultValue("true") Boolean unresolvedOnly, OffsetDateTime asOf, @DefaultValue("50") Integer first, String after) {
        return escalations.page(project, unresolvedOnly == null || unresolvedOnly, asOf, first, after);
    }
}
