package io.provenant.api;

import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import io.quarkus.arc.Arc;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.spi.EventingService;

/**
 * SmallRye GraphQL's build and execution hooks, taken as a SmallRye {@link EventingService} (META-INF/services) and
 * handed to the beans that use them: the schema's field visibility ({@link FieldVisibility}), the complexity check
 * ({@link ComplexityLimit}) and the request timer ({@link GraphQLRequestTimer}). Not as CDI observers of SmallRye's
 * events ({@code quarkus.smallrye-graphql.events.enabled}, off): SmallRye fires each of those through a CDI event
 * made anew, so ArC resolves its observers every time, four or more events per request; that was 11% of the app's CPU
 * samples while it answered impact(reviewer) at size M (JFR, {@code EventsService.fire}).
 */
public class EngineHooks implements EventingService {

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public GraphQLSchema.Builder beforeSchemaBuild(GraphQLSchema.Builder builder) {
        bean(FieldVisibility.class).everyFieldVisible(builder);
        return builder;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        bean(ComplexityLimit.class).install(builder);
        return builder;
    }

    @Override
    public void beforeExecute(Context context) {
        bean(GraphQLRequestTimer.class).started(context);
    }

    @Override
    public void beforeDataFetch(Context context) {
        bean(GraphQLRequestTimer.class).fetching(context);
    }

    @Override
    public void errorDataFetch(Context context, Throwable error) {
        bean(GraphQLRequestTimer.class).failed(context);
    }

    @Override
    public void afterExecute(Context context) {
        bean(GraphQLRequestTimer.class).finished(context);
    }

    /** The bean (each is @Unremovable: nothing injects it, so Quarkus would otherwise drop it at build). */
    private static <T> T bean(Class<T> type) {
        T bean = Arc.container().instance(type).get();
        if (bean == null) {
            throw new IllegalStateException(type.getName() + " is not a bean of this application");
        }
        return bean;
    }
}
