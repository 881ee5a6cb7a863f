package io.provenant;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A WebSocket listener for JSON text messages (the GraphQL client's and the DevTools client's): joins a message's
 * frames, parses it, and hands it on; a message that is not JSON goes to {@link #unreadable}.
 */
abstract class JsonMessageListener implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StringBuilder partial = new StringBuilder();

    /** One whole message. */
    abstract void message(JsonNode message);

    /** A whole message that did not parse, or failed in {@link #message}. */
    abstract void unreadable(Exception error);

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                message(JSON.readTree(text));
            } catch (Exception e) {
                unreadable(e);
            }
        }
        webSocket.request(1);
        return null;
    }
}
