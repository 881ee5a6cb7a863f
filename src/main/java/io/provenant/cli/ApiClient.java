package io.provenant.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * GraphQL over HTTP and the journal export, as the CLI's one way to the server. Requests are retried (3 attempts,
 * backing off) only when the server could not be reached or said 502/503/504: every write the CLI sends is
 * idempotent, so a retry of a request that did arrive changes nothing.
 */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;

    /** The server could not be reached or refused the request as a whole (HTTP status, authentication). */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    ApiClient(URI base, String token, Duration timeout) {
        this.base = base;
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    URI base() {
        return base;
    }

    /** Runs a GraphQL operation; returns the whole response ({@code data} and {@code errors}). */
    JsonNode graphql(String query, Map<String, ?> variables) {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", query);
        body.set("variables", JSON.valueToTree(variables == null ? Map.of() : variables));
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = request("/graphql").header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(text)).build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Unreachable(base + "/graphql answered HTTP " + response.statusCode() + " with a body that is not JSON: "
                    + abbreviate(response.body()), e);
        }
    }

    /** GET of a path; the body as a stream (the caller closes it). */
    InputStream get(String pathAndQuery) {
        HttpRequest request = request(pathAndQuery).GET().build();
        return send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<T> response = http.send(request, handler);
                int status = response.statusCode();
                if ((status == 502 || status == 503 || status == 504) && attempt < ATTEMPTS) {
                    close(response);
                    pause(attempt);
                    continue;
                }
                if (status == 401 || status == 403) {
                    close(response);
                    throw new Unreachable(request.uri() + " answered HTTP " + status + (token == null
                            ? ": no token given; pass --token or set PROVENANT_TOKEN."
                            : ": the token was refused (unknown, expired, revoked, or without the role this needs)."), null);
                }
                if (status >= 300 && !request.uri().getPath().endsWith("/graphql")) {
                    String body = response.body() instanceof String s ? s : "";
                    close(response);
                    throw new Unreachable(request.uri() + " answered HTTP " + status + " " + abbreviate(body), null);
                }
                return response;
            } catch (ConnectException | HttpTimeoutException e) {
                last = e;
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unreachable("interrupted", e);
            }
            if (attempt < ATTEMPTS) {
                pause(attempt);
            }
        }
        throw new Unreachable("cannot reach " + request.uri() + " (" + ATTEMPTS + " attempts): " + last, last);
    }

    private static void close(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(500L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    /** The errors of a GraphQL response as one message, or null when there are none. */
    static String errors(JsonNode response) {
        JsonNode errors = response.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode error : errors) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            String code = error.path("extensions").path("code").asText("");
            text.append(code.isEmpty() ? "" : code + ": ").append(error.path("message").asText());
        }
        return text.toString();
    }
}
