package io.provenant.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.provenant.security.Operations;
import io.quarkus.arc.Unremovable;
import io.smallrye.graphql.api.Context;

/**
 * {@code provenant_graphql_requests_seconds{operation, outcome}}: the latency of each GraphQL request, from
 * SmallRye's execution events ({@link EngineHooks}). {@code operation} is the request's first root field (e.g.
 * {@code lineage}, {@code recordFeedback}), taken from the schema, never from the client's operation name, so the
 * tag has at most one value per root field of {@link Operations} (plus {@code none} for a request that fetched
 * nothing, e.g. an invalid one). {@code outcome}: {@code ok}, or {@code error} when a field failed.
 */
@ApplicationScoped
@Unremovable // looked up by EngineHooks
public class GraphQLRequestTimer {

    private static final class Request {
        final long started = System.nanoTime();
        volatile String operation;
        volatile boolean failed;
    }

    /** Fixed histogram buckets (not Micrometer's ~70 percentile buckets): bounded series per root field. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Map<String, Request> running = new ConcurrentHashMap<>();

    @Inject
    MeterRegistry registry;

    void started(Context context) {
        running.put(context.getExecutionId(), new Request());
    }

    void fetching(Context context) {
        Request request = running.get(context.getExecutionId());
        if (request != null && request.operation == null && !context.hasSource()
                && Operations.required(context.getFieldName()) != null) {
            request.operation = context.getFieldName();
        }
    }

    void failed(Context context) {
        Request request = running.get(context.getExecutionId());
        if (request != null) {
            request.failed = true;
        }
    }

    void finished(Context context) {
        Request request = running.remove(context.getExecutionId());
        if (request == null) {
            return;
        }
        Timer.builder("provenant.graphql.requests").description("GraphQL requests by first root field")
                .serviceLevelObjectives(BUCKETS)
                .tag("operation", request.operation == null ? "none" : request.operation)
                .tag("outcome", request.failed ? "error" : "ok")
                .register(registry).record(System.nanoTime() - request.started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
