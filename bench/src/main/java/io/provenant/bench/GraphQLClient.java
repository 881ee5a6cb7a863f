package io.provenant.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** GraphQL over HTTP to Provenant (or the peer): a request either returns {@code data} or throws with its errors. */
public final class GraphQLClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;

    public GraphQLClient(String url) {
        this.uri = URI.create(url);
    }

    /** The request body for a query and its variables (built before timing, so timing covers the server only). */
    public static String body(String query, Map<String, Object> variables) {
        try {
            return JSON.writeValueAsString(variables == null ? Map.of("query", query) : Map.of("query", query, "variables", variables));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public JsonNode execute(String query, Map<String, Object> variables) {
        return send(body(query, variables));
    }

    /** Sends a prepared body; returns {@code data}, or throws when the response has errors. */
    public JsonNode send(String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header("Authorization", "Bearer " + AppProcess.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            if (response.statusCode() != 200 || json == null || (json.has("errors") && !json.get("errors").isEmpty())) {
                String text = response.body();
                throw new IllegalStateException("GraphQL request to " + uri + " failed (HTTP " + response.statusCode() + "): "
                        + text.substring(0, Math.min(1500, text.length())));
            }
            return json.get("data");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("GraphQL request to " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
