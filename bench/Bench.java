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
 * <li>{@code questions [url] [events] [repeats]}: registers a loop with {@code events} feedback events
 * (default 100000; policy, rubric v1/v2, reviewers with a calibration, a training set of all events, an eval
 * set of 1,000 of which 10 repeat a training prompt, SFT run, checkpoint, eval run, gate, release), then
 * times lineage (depth 10, upstream of the release), releaseProvenance (first 50 labels), contamination,
 * impact of the rubric, lineageDiff and lineage downstream of a reviewer (maxNodes 10,000): p50 and p95 over
 * {@code repeats} (default 20).</li>
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
            case "questions" -> questions(rest);
            default -> throw new IllegalArgumentException("Unknown mode '" + mode + "': ingest or questions.");
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

    private static void questions(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:8080/graphql";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String project = "bench-questions";
        String p = "q" + events + "-";
        setUp(url, project);
        post(url, "mutation { registerCalibration(input: {key: \"bench-cal\", version: \"1\", project: \"" + project
                + "\", rubric: \"rubric:bench-rubric@1\", threshold: 0.6, results: [{reviewer: \"reviewer:bench-a@1\","
                + " items: 50, agreement: 0.9, kappa: 0.8, passed: true}]}) { created } }");
        long started = System.nanoTime();
        record(url, project, p + "train-", 0, events, 5_000, "rubric:bench-rubric@1");
        // 1,000 eval examples; the first 10 repeat a training prompt (upper case: the digest is normalized).
        StringJoiner evalList = new StringJoiner(",", "[", "]");
        for (int i = 0; i < 1_000; i++) {
            String prompt = i < 10 ? ("SYNTHETIC PROMPT " + (i * 7) + " ABOUT TOPIC " + ((i * 7) % 97)) : ("Eval-only prompt " + i);
            evalList.add(event(p + "eval-", i, project, "rubric:bench-rubric@1", prompt));
        }
        String recordMutation = "mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { created } }";
        check(send(url, "{\"query\":" + quote(recordMutation) + ",\"variables\":{\"events\":" + evalList + "}}"));
        dataset(url, project, p + "train", "TRAIN", p + "train-", events);
        dataset(url, project, p + "eval", "EVAL", p + "eval-", 1_000);
        post(url, "mutation { registerCheckpoint(input: {key: \"" + p + "base\", version: \"1\", project: \"" + project
                + "\", uri: \"s3://m/base\", weightsDigest: \"w\"}) { created } }");
        post(url, "mutation { registerTrainingRun(input: {key: \"" + p + "sft\", version: \"1\", project: \"" + project
                + "\", method: SFT, datasets: [\"dataset:" + p + "train@1\"], baseCheckpoint: \"checkpoint:" + p + "base@1\","
                + " config: {promptTemplate: \"t\", roleFormat: \"r\", codeCommit: \"c\"}}) { created } }");
        post(url, "mutation { registerCheckpoint(input: {key: \"" + p + "final\", version: \"1\", project: \"" + project
                + "\", producedBy: \"training-run:" + p + "sft@1\", uri: \"s3://m/final\", weightsDigest: \"w\"}) { created } }");
        post(url, "mutation { registerEvalRun(input: {key: \"" + p + "eval\", version: \"1\", project: \"" + project
                + "\", checkpoint: \"checkpoint:" + p + "final@1\", datasets: [\"dataset:" + p + "eval@1\"], suiteVersion: \"s\","
                + " decoder: {temperature: 0}, metrics: [{slice: \"all\", metric: \"safety\", value: 0.9, sampleCount: 1000}]}) { created } }");
        post(url, "mutation { registerGate(input: {key: \"" + p + "gate\", version: \"1\", project: \"" + project
                + "\", gatePolicy: \"g\", checkpoint: \"checkpoint:" + p + "final@1\", evidence: [\"eval-run:" + p + "eval@1\"],"
                + " decision: PASS, reasons: [\"ok\"]}) { created } }");
        post(url, "mutation { registerRelease(input: {key: \"" + p + "release\", version: \"1\", project: \"" + project
                + "\", checkpoint: \"checkpoint:" + p + "final@1\", gate: \"gate:" + p + "gate@1\"}) { created } }");
        System.out.printf(Locale.ROOT, "built a loop with %d feedback events in %.0f s%n", events, (System.nanoTime() - started) / 1e9);

        String release = "release:" + p + "release@1";
        time(url, repeats, "lineage(release, UPSTREAM, depth 10)",
                "{ lineage(ref: \"" + release + "\", maxDepth: 10, first: 100) { totalCount truncated nodes { ref } edges { type } } }");
        time(url, repeats, "releaseProvenance(release), 50 labels",
                "{ releaseProvenance(release: \"" + release + "\") { rubricGroups { labelCount reviewerCount labelDistribution { label count }"
                        + " labels(first: 50) { nodes { ref prompt label } } reviewers { nodes { reviewer calibrated } } } warnings { code } } }");
        time(url, repeats, "contamination(checkpoint)",
                "{ contamination(checkpoint: \"checkpoint:" + p + "final@1\") { evalDatasets { examples leaked } leaks { nodes { example path } } } }");
        time(url, repeats, "impact(rubric) over all its labels",
                "{ impact(ref: \"rubric:bench-rubric@1\") { countsByKind { kind count } checkpoints releases { release path } truncated } }");
        time(url, repeats, "lineageDiff(release, its base checkpoint)",
                "{ lineageDiff(from: \"" + release + "\", to: \"checkpoint:" + p + "base@1\") { summary labels { rubric onlyInFrom } } }");
        time(url, repeats, "lineage(reviewer, DOWNSTREAM, maxNodes 10000)",
                "{ lineage(ref: \"reviewer:bench-a@1\", direction: DOWNSTREAM, maxDepth: 5, maxNodes: 10000, first: 100) { totalCount truncated } }");
    }

    private static void dataset(String url, String project, String key, String split, String memberPrefix, int members) throws Exception {
        post(url, "mutation { registerDataset(input: {key: \"" + key + "\", version: \"1\", project: \"" + project
                + "\", split: " + split + ", selectionRule: \"all\"}) { created } }");
        String mutation = "mutation($d: String!, $m: [String!]!) { addDatasetMembers(dataset: $d, members: $m) { added } }";
        for (int start = 0; start < members; start += 10_000) {
            StringJoiner list = new StringJoiner(",", "[", "]");
            for (int i = start; i < Math.min(members, start + 10_000); i++) {
                list.add(quote("feedback:" + memberPrefix + i + "@1"));
            }
            check(send(url, "{\"query\":" + quote(mutation) + ",\"variables\":{\"d\":" + quote("dataset:" + key + "@1")
                    + ",\"m\":" + list + "}}"));
        }
        post(url, "mutation { sealDataset(dataset: \"dataset:" + key + "@1\") { ref } }");
    }

    private static void time(String url, int repeats, String name, String query) throws Exception {
        String body = "{\"query\":" + quote(query) + "}";
        check(send(url, body)); // warm-up
        double[] millis = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            check(send(url, body));
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        java.util.Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "%-48s p50 %7.1f ms  p95 %7.1f ms  (n=%d)%n", name, millis[repeats / 2],
                millis[Math.min(repeats - 1, (int) Math.ceil(repeats * 0.95) - 1)], repeats);
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
