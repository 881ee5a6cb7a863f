package io.provenant;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A GraphQL client over WebSocket speaking graphql-transport-ws (the protocol of graphql-ws, Apollo and GraphiQL):
 * {@code connection_init} (with the token in its payload, and as the upgrade request's Authorization header),
 * {@code subscribe}, then {@code next}/{@code error}/{@code complete} per subscription id; {@code ping} is answered.
 */
final class GraphQLWebSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final Map<String, BlockingQueue<JsonNode>> messages = new ConcurrentHashMap<>();
    private final CompletableFuture<JsonNode> acknowledged = new CompletableFuture<>();

    private GraphQLWebSocket(URI uri, String token) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .connectTimeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        socket = builder.buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
        ObjectNode init = JSON.createObjectNode().put("type", "connection_init");
        if (token != null) {
            init.putObject("payload").put("Authorization", "Bearer " + token);
        }
        send(init);
        acknowledged.get(10, TimeUnit.SECONDS);
    }

    /** Connects to the app's /graphql (http URL of the app) and completes the connection_init handshake. */
    static GraphQLWebSocket connect(String httpBase, String token) throws Exception {
        String base = httpBase.replaceFirst("^http", "ws").replaceAll("/$", "");
        return new GraphQLWebSocket(URI.create(base + "/graphql"), token);
    }

    void subscribe(String id, String query, Map<String, ?> variables) {
        ObjectNode message = JSON.createObjectNode().put("id", id).put("type", "subscribe");
        ObjectNode payload = message.putObject("payload").put("query", query);
        payload.set("variables", JSON.valueToTree(variables));
        send(message);
    }

    /** The next message for a subscription id (next, error or complete), or null after the timeout. */
    JsonNode next(String id, Duration timeout) throws InterruptedException {
        return queue(id).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code count} messages for id, failing with what arrived if they do not arrive in time. */
    List<JsonNode> take(String id, int count, Duration timeout) throws InterruptedException {
        List<JsonNode> taken = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (taken.size() < count) {
            JsonNode message = queue(id).poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("subscription " + id + ": " + taken.size() + " of " + count + " messages in " + timeout
                        + ": " + taken);
            }
            taken.add(message);
        }
        return taken;
    }

    private BlockingQueue<JsonNode> queue(String id) {
        return messages.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
    }

    private void send(JsonNode message) {
        socket.sendText(message.toString(), true).join();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    private final class Listener extends JsonMessageListener {

        @Override
        void message(JsonNode message) {
            switch (message.path("type").asText()) {
                case "connection_ack" -> acknowledged.complete(message);
                case "ping" -> send(JSON.createObjectNode().put("type", "pong"));
                case "pong" -> {
                }
                default -> queue(message.path("id").asText("")).add(message);
            }
        }

        @Override
        void unreadable(Exception error) {
            acknowledged.completeExceptionally(error);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            acknowledged.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            queue("").add(JSON.createObjectNode().put("type", "closed").put("code", statusCode).put("reason", reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            acknowledged.completeExceptionally(error);
        }
    }
}
