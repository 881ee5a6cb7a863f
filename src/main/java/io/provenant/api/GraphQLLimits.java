package io.provenant.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Provenant's own limits on a GraphQL request (application.properties, {@code provenant.graphql.*}). The query depth,
 * complexity and parser token limits are SmallRye GraphQL's ({@code quarkus.smallrye-graphql.*}); the body size is
 * Vert.x's ({@code quarkus.http.limits.max-body-size}).
 */
@ConfigMapping(prefix = "provenant.graphql")
public interface GraphQLLimits {

    /**
     * Most root fields (aliases counted one by one, introspection fields not counted) an operation may select. Each
     * root field is its own question to the stores, so an alias bomb of hundreds of {@code lineage} calls in one
     * request is refused before anything runs.
     */
    @WithDefault("50")
    int maxRootFields();
}
