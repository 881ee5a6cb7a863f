package io.provenant.journal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports how many journal entries are not yet in the Neo4j graph. A backlog is not a reason to stop serving
 * (the journal holds every acknowledged write and the projector catches up), so this check is UP whenever
 * PostgreSQL answers; Neo4j's own check turns readiness DOWN when Neo4j is unreachable. {@code appliedHere}: the
 * entries this replica has applied since it started (with several replicas, each entry is applied by one of them).
 */
@Readiness
@ApplicationScoped
public class ProjectionBacklogCheck implements HealthCheck {

    @Inject
    Projector projector;

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("Projection backlog").up().withData("pending", projector.pending())
                    .withData("appliedHere", projector.projectedEntries()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("Projection backlog").down().withData("error", "PostgreSQL did not answer").build();
        }
    }
}
