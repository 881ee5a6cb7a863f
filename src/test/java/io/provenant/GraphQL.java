package io.provenant;


import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Runs GraphQL operations kept in src/test/resources/graphql/*.graphql against the running app. */
public final class GraphQL {

    private GraphQL() {
    }

    public static String operation(String name) {
        try (InputStream in = GraphQL.class.getResourceAsStream("/graphql/" + name + ".graphql")) {
            if (in == null) {
                throw new IllegalArgumentException("No operation file graphql/" + name + ".graphql");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the named operation with variables; returns the whole response body (data and errors). */
    public static JsonPath run(String name, Map<String, ?> variables) {
        return runText(operation(name), variables);
    }

    public static JsonPath runText(String query, Map<String, ?> variables) {
        return runTextAs(Api.ADMIN_TOKEN, query, variables);
    }

    /** Runs the named operation as the bearer of {@code token} (200 expected: an accepted token). */
    public static JsonPath runAs(String token, String name, Map<String, ?> variables) {
        return runTextAs(token, operation(name), variables);
    }

    /** Like {@link #runAs} but must succeed (no errors). */
    public static JsonPath okAs(String token, String name, Map<String, ?> variables) {
        JsonPath result = runAs(token, name, variables);
        if (result.get("errors") != null) {
            throw new AssertionError("GraphQL " + name + " returned errors: " + result.get("errors"));
        }
        return result;
    }

    public static JsonPath runTextAs(String token, String query, Map<String, ?> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("variables", variables == null ? Map.of() : variables);
        return Api.as(token).contentType(ContentType.JSON).body(body)
                .when().post("/graphql")
                .then().statusCode(200)
                .extract().jsonPath();
    }

    /** Runs an operation that must succeed (no errors); returns the body. */
    public static JsonPath ok(String name, Map<String, ?> variables) {
        JsonPath result = run(name, variables);
        Object errors = result.get("errors");
        if (errors != null) {
            throw new AssertionError("GraphQL " + name + " returned errors: " + errors);
        }
        return result;
    }
}
