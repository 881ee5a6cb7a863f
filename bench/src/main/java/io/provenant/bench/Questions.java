package io.provenant.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.async.AsyncSession;
import org.neo4j.driver.async.ResultCursor;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The lineage questions, each answered two ways on the same servers: through Provenant's GraphQL API, and by
 * hand-written Cypher through the raw driver (plus, for releaseProvenance, the PostgreSQL look-up of the page's
 * prompts, which live in the journal, not the graph). Where the API sends independent statements at once, so does
 * the hand-written answer, so that the ratio measures the API's own cost. The two ways alternate within one loop
 * (and swap order every repetition) so the machine's noise hits both alike.
 */
final class Questions {

    /** One question: what the API sends, and the same answer by hand. */
    record Question(String name, String apiBody, Supplier<Object> byHand) {
    }

    private final GraphQLClient api;
    private final Driver driver;
    private final String jdbcUrl;

    Questions(GraphQLClient api, Driver driver, String jdbcUrl) {
        this.api = api;
        this.driver = driver;
        this.jdbcUrl = jdbcUrl;
    }

    static String resource(String name) {
        try (InputStream in = Questions.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Question> questions(SyntheticLoop loop) {
        List<Question> questions = new ArrayList<>();
        questions.add(new Question("releaseProvenance(latest release)",
                GraphQLClient.body(resource("api-release-provenance.graphql"), Map.of("release", loop.latestRelease())),
                () -> releaseProvenance(loop.latestRelease())));
        questions.add(new Question("lineage(latest release, UPSTREAM, depth 10)",
                GraphQLClient.body(resource("api-lineage.graphql"), Map.of("ref", loop.latestRelease())),
                () -> lineage(loop.latestRelease(), 10, 10_000, 100)));
        questions.add(new Question("impact(reviewer)",
                GraphQLClient.body(resource("api-impact.graphql"), Map.of("ref", loop.impactReviewer())),
                () -> impact(loop.impactReviewer())));
        questions.add(new Question("contamination(final checkpoint)",
                GraphQLClient.body(resource("api-contamination.graphql"), Map.of("checkpoint", loop.finalCheckpoint())),
                () -> read(resource("contamination.cypher"), Map.of("checkpoint", loop.finalCheckpoint()))));
        return questions;
    }

    /** The share of one core the app's JIT compilers may use over a window for the app to count as warm. */
    static final double JIT_QUIET = 0.10;
    static final double JIT_WINDOW_SECONDS = 5;

    /** How a question's warm-up ended: its rounds, seconds, and the app's JIT share of one core in the last window. */
    record WarmUp(int rounds, double seconds, double jitShare) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rounds", rounds);
            m.put("seconds", Timing.round(seconds));
            m.put("appJitPercent", Double.isNaN(jitShare) ? null : Timing.round(100 * jitShare));
            return m;
        }
    }

    /**
     * Unmeasured rounds before a measurement: at least {@code minRounds} and {@code seconds}; then, when {@code jitCpu}
     * (CPU seconds of the app's JIT compiler threads) is given, more until the JIT used less than {@link #JIT_QUIET}
     * of one core over a {@link #JIT_WINDOW_SECONDS} s window, or {@code maxSeconds} passed; at most 20,000 rounds.
     * The app is a large framework stack (Quarkus, SmallRye GraphQL, graphql-java, Netty, the driver): after 5 s its C2
     * compiler still took 45% of a core, on a 2-core machine where Neo4j and the harness need the rest, and the API's
     * impact(reviewer) at M went 53, 29, 21, 17 … 13 ms per 5 s window, settling after ~50 s (~3,000 calls), against 13
     * by hand; with two rounds only, it went 55, 57, 51, 34, 25 … 20 ms over its 20 measured calls. A question of
     * seconds (releaseProvenance) gets few rounds either way.
     */
    static WarmUp warmUp(Runnable round, int minRounds, double seconds, double maxSeconds, DoubleSupplier jitCpu) {
        long start = System.nanoTime();
        long windowStart = start;
        double jitAtWindow = jitCpu == null ? 0 : jitCpu.getAsDouble();
        double share = Double.NaN;
        int rounds = 0;
        while (rounds < 20_000) {
            long now = System.nanoTime();
            double elapsed = (now - start) / 1e9;
            if (rounds >= minRounds && elapsed >= seconds) {
                double window = (now - windowStart) / 1e9;
                if (jitCpu == null || elapsed >= maxSeconds) {
                    if (jitCpu != null && window > 0) {
                        share = (jitCpu.getAsDouble() - jitAtWindow) / window; // the JIT when time ran out
                    }
                    break;
                }
                if (window >= JIT_WINDOW_SECONDS) {
                    double jit = jitCpu.getAsDouble();
                    share = (jit - jitAtWindow) / window;
                    if (share < JIT_QUIET) {
                        break;
                    }
                    windowStart = now;
                    jitAtWindow = jit;
                }
            }
            round.run();
            rounds++;
        }
        return new WarmUp(rounds, (System.nanoTime() - start) / 1e9, share);
    }

    /** The most API/Cypher pairs a question is timed with when {@code measureSeconds} asks for more than the repeats. */
    static final int MAX_PAIRS = 1000;

    /** One question's timings, {api, cypher}, its warm-up, and the app's JIT share of one core while measured. */
    record Measured(Timing api, Timing cypher, WarmUp warmUp, double jitShare) {
    }

    /**
     * Timings per question after {@link #warmUp} rounds of both (the app's JIT watched through {@code jitCpu}): at least
     * {@code repeats} interleaved pairs and more until {@code measureSeconds} have passed (at most {@link #MAX_PAIRS}), so
     * a question of milliseconds gets a p95 of hundreds of samples rather than the second-slowest of 20.
     */
    Map<String, Measured> measure(List<Question> questions, int minWarmUpRounds, double warmUpSeconds, double warmUpMaxSeconds,
            DoubleSupplier jitCpu, int repeats, double measureSeconds) {
        Map<String, Measured> timings = new LinkedHashMap<>();
        for (Question q : questions) {
            WarmUp warm = warmUp(() -> {
                api.send(q.apiBody());
                q.byHand().get();
            }, minWarmUpRounds, warmUpSeconds, warmUpMaxSeconds, jitCpu);
            BenchMain.log("%s: %d warm-up rounds in %.1f s (app JIT %.0f%% of a core at the end)", q.name(), warm.rounds(),
                    warm.seconds(), 100 * warm.jitShare());
            Timing viaApi = new Timing();
            Timing viaCypher = new Timing();
            long start = System.nanoTime();
            double jitBefore = jitCpu.getAsDouble();
            long until = start + (long) (measureSeconds * 1e9);
            for (int i = 0; i < repeats || (System.nanoTime() < until && i < MAX_PAIRS); i++) {
                if (i % 2 == 0) {
                    timeApi(q, viaApi);
                    timeCypher(q, viaCypher);
                } else {
                    timeCypher(q, viaCypher);
                    timeApi(q, viaApi);
                }
            }
            double jitShare = (jitCpu.getAsDouble() - jitBefore) / ((System.nanoTime() - start) / 1e9);
            timings.put(q.name(), new Measured(viaApi, viaCypher, warm, jitShare));
            BenchMain.log("%s: API p50 %.1f ms, p95 %.1f ms; Cypher p50 %.1f ms, p95 %.1f ms; app JIT %.0f%% of a core meanwhile",
                    q.name(), viaApi.p50(), viaApi.p95(), viaCypher.p50(), viaCypher.p95(), 100 * jitShare);
        }
        return timings;
    }

    private void timeApi(Question q, Timing timing) {
        long t = System.nanoTime();
        api.send(q.apiBody());
        timing.add(System.nanoTime() - t);
    }

    private static void timeCypher(Question q, Timing timing) {
        long t = System.nanoTime();
        q.byHand().get();
        timing.add(System.nanoTime() - t);
    }

    /** The API's answers that the in-suite run checks (contamination's leaked count, provenance groups). */
    JsonNode answer(Question q) {
        return api.send(q.apiBody());
    }

    /** Statements (given the same parameters) one after another in one read transaction, sent without waiting. */
    private CompletableFuture<List<List<Record>>> readAsync(List<String> statements, Map<String, Object> params) {
        AsyncSession session = driver.session(AsyncSession.class);
        CompletionStage<List<List<Record>>> records = session.executeReadAsync(tx -> {
            List<List<Record>> answers = new ArrayList<>();
            CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
            for (String statement : statements) {
                chain = chain.thenCompose(done -> tx.runAsync(statement, params)).thenCompose(ResultCursor::listAsync)
                        .thenAccept(answers::add);
            }
            return chain.thenApply(done -> answers);
        });
        return records.handle((done, failure) -> null).thenCompose(done -> session.closeAsync()).thenCompose(closed -> records)
                .toCompletableFuture();
    }

    private List<Record> read(String cypher, Map<String, Object> params) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> tx.run(cypher, params).list());
        }
    }

    /**
     * Hand-written releaseProvenance: the chain, then its passes over the training labels in two transactions side
     * by side, as the API sends its independent passes two at a time (GraphReader.readEach, provenant.graph.parallel-reads):
     * reviewers, the leaks and the three short warnings (mixing, consent, reward models) in one, while the groups, their
     * first page of labels and the conflicts run in the other (the API's order: the longest passes first, the next to
     * whichever transaction is free).
     */
    private Object releaseProvenance(String release) {
        Map<String, Object> answer = new LinkedHashMap<>();
        List<String> pageRefs = new ArrayList<>();
        Record chain;
        try (Session session = driver.session()) {
            chain = session.executeRead(tx -> tx.run(resource("provenance-chain.cypher"), Map.of("release", release)).single());
        }
        List<Object> datasets = chain.get("datasets").asList();
        answer.put("chain", chain.asMap());
        // the API's seven passes: reviewers, the leaks and the three short warnings (rubric mixing, revoked consent,
        // reward models without calibration) in one transaction, the groups, their labels and the conflicts in the other
        CompletableFuture<List<List<Record>>> meanwhile = readAsync(List.of(resource("provenance-reviewers.cypher"),
                resource("provenance-leaks.cypher"), resource("provenance-mixing.cypher"), resource("provenance-consent.cypher"),
                resource("provenance-reward-models.cypher")), Map.of("datasets", datasets,
                "evalDatasets", chain.get("evalDatasets").asList(), "runs", chain.get("runs").asList()));
        try (Session session = driver.session()) {
            session.executeRead(tx -> {
                List<Record> groups = tx.run(resource("provenance-groups.cypher"), Map.of("datasets", datasets)).list();
                List<String> rubrics = groups.stream().map(r -> r.get("rubric").asString()).distinct().toList();
                answer.put("groups", groups.stream().map(Record::asMap).toList());
                List<Record> labels = tx.run(resource("provenance-labels.cypher"),
                        Map.of("rubrics", rubrics, "datasets", datasets, "limit", 50)).list();
                labels.forEach(r -> r.get("labels").asList(v -> v.asString()).forEach(pageRefs::add));
                answer.put("conflicts", tx.run(resource("provenance-conflicts.cypher"), Map.of("datasets", datasets)).list(Record::asMap));
                return answer;
            });
        }
        List<List<Record>> passes = meanwhile.join();
        answer.put("reviewers", passes.get(0).stream().map(Record::asMap).toList());
        answer.put("leaks", passes.get(1).stream().map(Record::asMap).toList());
        answer.put("mixing", passes.get(2).stream().map(Record::asMap).toList());
        answer.put("consent", passes.get(3).stream().map(Record::asMap).toList());
        answer.put("rewardModels", passes.get(4).stream().map(Record::asMap).toList());
        try (PreparedStatement prompts = jdbc().prepareStatement(
                     "SELECT a.ref, j.payload FROM artifact a JOIN journal j ON j.seq = a.id WHERE a.ref = ANY (?)")) {
            prompts.setArray(1, jdbc().createArrayOf("text", pageRefs.toArray()));
            List<String> payloads = new ArrayList<>();
            try (ResultSet rows = prompts.executeQuery()) {
                while (rows.next()) {
                    payloads.add(rows.getString(2));
                }
            }
            answer.put("labels", payloads);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return answer;
    }

    private Connection jdbc;

    /** One connection kept open, as the app's pool keeps its own. */
    private Connection jdbc() throws SQLException {
        if (jdbc == null) {
            jdbc = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        }
        return jdbc;
    }

    void close() throws SQLException {
        if (jdbc != null) {
            jdbc.close();
        }
    }

    /**
     * Hand-written lineage: a breadth-first walk upstream, one statement per hop over the distinct frontier, at most
     * {@code maxNodes} nodes; then the first {@code first} nodes (by depth, then registration) and the edges among them.
     */
    private Object lineage(String root, int maxDepth, int maxNodes, int first) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> {
                Map<String, long[]> found = new LinkedHashMap<>(); // ref -> {depth, seq}
                found.put(root, new long[] {0, -1});
                List<String[]> edges = new ArrayList<>();
                List<String> frontier = List.of(root);
                for (int depth = 1; depth <= maxDepth && !frontier.isEmpty(); depth++) {
                    List<String> next = new ArrayList<>();
                    for (Record r : tx.run(resource("lineage.cypher"), Map.of("frontier", frontier, "limit", 4 * maxNodes)).list()) {
                        String to = r.get("to").asString();
                        if (!found.containsKey(to)) {
                            if (found.size() >= maxNodes) {
                                continue;
                            }
                            found.put(to, new long[] {depth, r.get("seq").asLong()});
                            next.add(to);
                        }
                        edges.add(new String[] {r.get("from").asString(), r.get("type").asString(), to});
                    }
                    frontier = next;
                }
                List<String> page = found.entrySet().stream()
                        .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> e.getValue()[0])
                                .thenComparingLong(e -> e.getValue()[1]))
                        .limit(first).map(Map.Entry::getKey).toList();
                Set<String> onPage = new HashSet<>(page);
                List<String> pageEdges = edges.stream().filter(e -> onPage.contains(e[0]) && onPage.contains(e[2])).map(e -> e[1]).toList();
                return List.of(found.size(), page, pageEdges);
            });
        }
    }

    private Object impact(String ref) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> {
                Record layer = tx.run(resource("impact-layer.cypher"), Map.of("ref", ref)).single();
                List<Record> downstream = tx.run(resource("impact-downstream.cypher"),
                        Map.of("ref", ref, "datasets", layer.get("datasets").asList())).list();
                return List.of(layer.asMap(), downstream.stream().map(Record::asMap).toList());
            });
        }
    }
}
