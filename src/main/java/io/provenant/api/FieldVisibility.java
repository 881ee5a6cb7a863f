package io.provenant.api;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLSchema;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.quarkus.arc.Unremovable;

/**
 * Every field visible without a check per field lookup. SmallRye GraphQL 2.17 turns the setting's default value
 * ({@value #DEFAULT}: every field visible) into graphql-java's BlockedFields with the single pattern "default", which
 * builds a "Type.field" string and matches it against that pattern each time graphql-java looks a field up, for every
 * field of every object in an answer: 6.6% of the app's CPU samples during the bench's API ingest at size M (JFR,
 * {@code BlockedFields.mkFQN} and {@code block}). With the setting at its default, the schema gets graphql-java's own
 * default visibility instead (the same fields, no work per lookup); any other value (no-introspection, patterns) is
 * left to SmallRye.
 *
 * <p>Called by {@link EngineHooks} before SmallRye builds the schema. The schema builder it hands over has no getter
 * for the code registry it was given, so the registry is read from a schema built once more here (public API only;
 * the same work as SmallRye's own build, once at start).
 */
@ApplicationScoped
@Unremovable // looked up by EngineHooks
public class FieldVisibility {

    static final String SETTING = "quarkus.smallrye-graphql.field-visibility";
    static final String DEFAULT = "default";

    @ConfigProperty(name = SETTING, defaultValue = DEFAULT)
    String setting;

    private volatile boolean active;

    /** Whether the served schema has graphql-java's default visibility through this (false: SmallRye's, as configured). */
    public boolean active() {
        return active;
    }

    void everyFieldVisible(GraphQLSchema.Builder builder) {
        if (!DEFAULT.equals(setting.trim())) {
            return;
        }
        GraphQLCodeRegistry registry = builder.build().getCodeRegistry();
        if (!(registry.getFieldVisibility() instanceof DefaultGraphqlFieldVisibility)) {
            builder.codeRegistry(registry.transform(
                    code -> code.fieldVisibility(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY)));
        }
        active = true;
    }
}
