import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Benchmarks against a running Provenant, with nothing but a JDK ({@code java bench/Bench.java MODE …}).
 *
 * <ul>
 * <li>{@code ingest [url] [events] [batch] [run-id]}: recordFeedback throughput (defaults:
 * http://localhost:8080/graphql, 100000, 5000, the current time). Events are unique per run id, so re-running
 * with the same id measures idempotent retries.</li>
 * </ul>
 * The token is read from {@code PROVENANT_TOKEN} (a token with the writer role on the loop's project, or an admin
 * token such as {@code provenant.security.bootstrap-token}): /graphql refuses requests without one. JSON is built from
 * fixed templates with escaped values. The full harness (baselines, peers, memory) is {@code bench/run.sh}.
 */
public final class Bench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String TOKEN = System.getenv("PROVENANT_TOKEN");

    public static void main(String[] args) throws Exception {
        if (TOKEN == null || TOKEN.isBlank()) {
            throw new IllegalArgumentException("Set PROVENANT_TOKEN to a token the instance accepts (e.g. its bootstrap token).");
        }
        String mode = args.length > 0 ? args[0] : "ingest";
        String[] rest = java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (mode) {
            case "ingest" -> ingest(rest);
            default -> throw new IllegalArgumentException("Unknown mode '" + mode + "': ingest (the questions are timed by bench/run.sh).");
        }
    }

    private static void ingest(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:8080/graphql";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        String run = args.length > 3 ? args[3] : Long.toString(System.currentTimeMillis());
        String project = "bench";
        setUp(url, project);
        double[] rate = record(url, project, "bench-" + run + "-", 0, events, batch, "rubric:bench-rubric@1");
        System.out.printf(Locale.ROOT, "recordFeedback: %d events in batches of %d in %.1f s = %.0f events/s"
                + " (slowest batch %.0f/s, fastest %.0f/s)%n", events, batch, rate[0], events / rate[0], rate[1], rate[2]);
    }

    /** Policy, rubric and two reviewers every mode uses (idempotent; always in project "bench"). */
    private static void setUp(String url, String ignored) throws Exception {
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
    }

    /** Records events {@code from..to-1} (keys {@code prefix + i}); returns {seconds, slowest/s, fastest/s}. */
    private static double[] record(String url, String project, String prefix, int from, int to, int batch, String rubric)
            throws Exception {
        String mutation = "mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { created unchanged } }";
        long started = System.nanoTime();
        double slowest = Double.MAX_VALUE;
        double fastest = 0;
        for (int start = from; start < to; start += batch) {
            StringJoiner list = new StringJoiner(",", "[", "]");
            for (int i = start; i < Math.min(to, start + batch); i++) {
                list.add(event(prefix, i, project, rubric, "Synthetic prompt " + i + " about topic " + (i % 97)));
            }
            long t = System.nanoTime();
            String response = send(url, "{\"query\":" + quote(mutation) + ",\"variables\":{\"events\":" + list + "}}");
            if (response.contains("\"errors\"")) {
                throw new IllegalStateException("recordFeedback failed: " + response.substring(0, Math.min(600, response.length())));
            }
            double rate = Math.min(batch, to - start) / ((System.nanoTime() - t) / 1e9);
            slowest = Math.min(slowest, rate);
            fastest = Math.max(fastest, rate);
        }
        return new double[] {(System.nanoTime() - started) / 1e9, slowest, fastest};
    }

    private static void check(String response) {
        if (response.contains("\"errors\"")) {
            throw new IllegalStateException("Request failed: " + response.substring(0, Math.min(800, response.length())));
        }
    }

    private static String event(String prefix, int i, String project, String rubric, String prompt) {
        return "{\"key\":\"" + prefix + i + "\",\"version\":\"1\",\"project\":\"" + project + "\","
                + "\"prompt\":" + quote(prompt) + ","
                + "\"response\":" + quote("Synthetic response " + i + " with enough text to look like a real answer.") + ","
                + "\"judgment\":{\"type\":\"RATING\",\"rating\":" + (1 + i % 5) + "},"
                + "\"reviewer\":\"reviewer:bench-" + (i % 2 == 0 ? "a" : "b") + "@1\","
                + "\"rubric\":\"" + rubric + "\",\"policy\":\"policy:bench-policy@1\","
                + "\"promptTemplate\":\"chat-v3\",\"roleFormat\":\"system-user-assistant\","
                + "\"decoder\":{\"model\":\"m\",\"temperature\":0.7,\"topP\":0.95,\"maxTokens\":512},"
                + "\"consent\":{\"source\":\"bench\",\"subject\":\"s-" + (i % 1000) + "\",\"basis\":\"consent\"},"
                + "\"occurredAt\":\"2026-11-01T00:00:00Z\"}";
    }

    private static void post(String url, String query) throws Exception {
        check(send(url, "{\"query\":" + quote(query) + "}"));
    }

    private static String send(String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build();
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
