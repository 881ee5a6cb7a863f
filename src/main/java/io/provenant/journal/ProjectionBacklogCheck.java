package io.provenant.journal;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The projector's health: how many journal entries are not yet in the Neo4j graph ({@code pending}), the age of the
 * oldest ({@code lagSeconds}) and when this replica last applied entries. A backlog is not a reason to stop serving
 * (the journal holds every acknowledged write and the projector catches up), so this check is UP while PostgreSQL
 * answers and the lag stays under {@code provenant.projection.max-lag}; past it the projector is stuck and the check
 * is DOWN. Neo4j's own check turns readiness DOWN when Neo4j is unreachable. {@code appliedHere}: the entries this
 * replica has applied since it started (with several replicas, each entry is applied by one of them).
 */
@Readiness
@ApplicationScoped
public class ProjectionBacklogCheck implements HealthCheck {

    @Inject
    Projector projector;

    @Inject
    JournalGauges gauges;

    @ConfigProperty(name = "provenant.projection.max-lag", defaultValue = "10m")
    Duration maxLag;

    @Override
    public HealthCheckResponse call() {
        JournalGauges.Reading reading = gauges.read();
        if (Double.isNaN(reading.backlog())) {
            return HealthCheckResponse.named("Projection backlog").down().withData("error", "PostgreSQL did not answer").build();
        }
        boolean stuck = reading.lagSeconds() > maxLag.toSeconds();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Projection backlog").status(!stuck)
                .withData("pending", (long) reading.backlog())
                .withData("lagSeconds", Math.round(reading.lagSeconds() * 1000) / 1000.0 + "")
                .withData("appliedHere", projector.projectedEntries());
        if (projector.lastProjection() != null) {
            response.withData("lastProjectedAt", projector.lastProjection().toString());
        }
        if (stuck) {
            response.withData("error", "the oldest unprojected entry waits longer than provenant.projection.max-lag " + maxLag);
        }
        return response.build();
    }
}
