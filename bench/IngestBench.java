import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * recordFeedback throughput through the GraphQL API of a running Provenant.
 *
 * <p>Usage: {@code java bench/IngestBench.java [url] [events] [batch] [run-id]} (defaults:
 * http://localhost:8080/graphql, 100000, 5000, the current time). Registers a policy, rubric and two
 * reviewers, then sends the events in batches and prints events/s overall and per batch. Events are unique
 * per run id, so a second run measures fresh inserts, and re-running with the same id measures idempotent
 * retries. JSON is built from a fixed template with escaped values: this file runs with only a JDK.
 * The full harness (baselines, questions, peers, memory) is the benchmark issue's.
 */
public final class IngestBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:8080/graphql";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        String run = args.length > 3 ? args[3] : Long.toString(System.currentTimeMillis());
        String project = "bench";

        post(url, "mutation { registerPolicy(input: {key: \"bench-policy\", version: \"1\", project: \"" + project
                + "\", title: \"Bench\", text: \"Benchmark policy.\"}) { created } }");
        post(url, "mutation { registerRubric(input: {key: \"bench-rubric\", version: \"1\", project: \"" + project
                + "\", policy: \"policy:bench-policy@1\", criteria: [{name: \"helpful\", description: \"d\"}],"
                + " labelSchema: {type: RATING, ratingMin: 1, ratingMax: 5}}) { created } }");
        for (String reviewer : new String[] {"bench-a", "bench-b"}) {
            post(url, "mutation { registerReviewer(input: {key: \"" + reviewer + "\", version: \"1\", project: \"" + project
                    + "\", role: \"labeler\", tier: 1}) { created } }");
        }

        String mutation = "mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { created unchanged } }";
        long started = System.nanoTime();
        double slowest = Double.MAX_VALUE;
        double fastest = 0;
        for (int from = 0; from < events; from += batch) {
            StringJoiner list = new StringJoiner(",", "[", "]");
            for (int i = from; i < Math.min(events, from + batch); i++) {
                list.add(event(run, i, project));
            }
            String body = "{\"query\":" + quote(mutation) + ",\"variables\":{\"events\":" + list + "}}";
            long t = System.nanoTime();
            String response = send(url, body);
            if (response.contains("\"errors\"")) {
                throw new IllegalStateException("recordFeedback failed: " + response.substring(0, Math.min(600, response.length())));
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            double rate = Math.min(batch, events - from) / seconds;
            slowest = Math.min(slowest, rate);
            fastest = Math.max(fastest, rate);
        }
        double total = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "recordFeedback: %d events in batches of %d in %.1f s = %.0f events/s"
                + " (slowest batch %.0f/s, fastest %.0f/s)%n", events, batch, total, events / total, slowest, fastest);
    }

    private static String event(String run, int i, String project) {
        return "{\"key\":\"bench-" + run + "-" + i + "\",\"version\":\"1\",\"project\":\"" + project + "\","
                + "\"prompt\":" + quote("Synthetic prompt " + (i % 5000) + " about topic " + (i % 97)) + ","
                + "\"response\":" + quote("Synthetic response " + i + " with enough text to look like a real answer.") + ","
                + "\"judgment\":{\"type\":\"RATING\",\"rating\":" + (1 + i % 5) + "},"
                + "\"reviewer\":\"reviewer:bench-" + (i % 2 == 0 ? "a" : "b") + "@1\","
                + "\"rubric\":\"rubric:bench-rubric@1\",\"policy\":\"policy:bench-policy@1\","
                + "\"promptTemplate\":\"chat-v3\",\"roleFormat\":\"system-user-assistant\","
                + "\"decoder\":{\"model\":\"m\",\"temperature\":0.7,\"topP\":0.95,\"maxTokens\":512},"
                + "\"consent\":{\"source\":\"bench\",\"subject\":\"s-" + (i % 1000) + "\",\"basis\":\"consent\"},"
                + "\"occurredAt\":\"2026-11-01T00:00:00Z\"}";
    }

    private static void post(String url, String query) throws Exception {
        String response = send(url, "{\"query\":" + quote(query) + "}");
        if (response.contains("\"errors\"")) {
            throw new IllegalStateException("Setup failed: " + response);
        }
    }

    private static String send(String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
