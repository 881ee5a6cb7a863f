package io.provenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.provenant.api.FieldVisibility;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Introspection is on by default (GraphiQL and schema tooling use it; BadInputCorpusTest checks that) and off with
 * {@code quarkus.smallrye-graphql.field-visibility=no-introspection}: then {@code __schema} and {@code __type} are
 * unknown fields (INVALID_INPUT), while ordinary questions still work.
 */
@QuarkusTest
@TestProfile(IntrospectionSwitchTest.NoIntrospection.class)
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class IntrospectionSwitchTest {

    public static class NoIntrospection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.smallrye-graphql.field-visibility", "no-introspection");
        }
    }

    @Inject
    FieldVisibility fieldVisibility;

    @Test
    void introspectionCanBeTurnedOff() {
        assertFalse(fieldVisibility.active(), "the configured visibility was replaced");
        for (String query : new String[] {"{ __schema { queryType { name } } }", "{ __type(name: \"Artifact\") { name } }"}) {
            JsonPath result = GraphQL.runText(query, Map.of());
            assertEquals("INVALID_INPUT", result.getString("errors[0].extensions.code"), result.prettify());
            assertTrue(result.getString("errors[0].message").contains("__"), result.prettify());
            assertNull(result.get("data.__schema"));
        }
        JsonPath ordinary = GraphQL.runText("{ artifact(ref: \"policy:not-there@1\") { ref } }", Map.of());
        assertNull(ordinary.get("errors"), ordinary.prettify());
    }
}
