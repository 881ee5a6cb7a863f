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
import java.util.function.Supplier;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The lineage questions, each answered two ways on the same servers: through Provenant's GraphQL API, and by
 * hand-written Cypher through the raw driver (plus, for releaseProvenance, the PostgreSQL look-up of the page's
 * prompts, which live in the journal, not the graph). The two ways alternate within one loop (and swap order every
 * repetition) so the machine's noise hits both alike.
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

    /**
     * Unmeasured rounds before a measurement: at least {@code minRounds}, and more until {@code seconds} have passed (at
     * most 2,000), so that a question of a few milliseconds is measured with both sides' code compiled, as one of
     * seconds is. With two rounds only, impact(reviewer) at size M went 55, 57, 51, 34, 25 … 20 ms over its 20
     * measured calls (the app's JIT still compiling), against 23, 13, 15, 13 … 11 by hand. Returns the rounds run.
     */
    static int warmUp(Runnable round, int minRounds, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        int rounds = 0;
        while (rounds < minRounds || (System.nanoTime() < deadline && rounds < 2_000)) {
            round.run();
            rounds++;
        }
        return rounds;
    }

    /** Timings per question: {api, cypher}, after {@link #warmUp} rounds of both. */
    Map<String, Timing[]> measure(List<Question> questions, int minWarmUpRounds, double warmUpSeconds, int repeats) {
        Map<String, Timing[]> timings = new LinkedHashMap<>();
        for (Question q : questions) {
            int rounds = warmUp(() -> {
                api.send(q.apiBody());
                q.byHand().get();
            }, minWarmUpRounds, warmUpSeconds);
            BenchMain.log("%s: %d warm-up rounds", q.name(), rounds);
            Timing viaApi = new Timing();
            Timing viaCypher = new Timing();
            for (int i = 0; i < repeats; i++) {
                if (i % 2 == 0) {
                    timeApi(q, viaApi);
                    timeCypher(q, viaCypher);
                } else {
                    timeCypher(q, viaCypher);
                    timeApi(q, viaApi);
                }
            }
            timings.put(q.name(), new Timing[] {viaApi, viaCypher});
            BenchMain.log("%s: API p50 %.1f ms, p95 %.1f ms; Cypher p50 %.1f ms, p95 %.1f ms", q.name(), viaApi.p50(), viaApi.p95(),
                    viaCypher.p50(), viaCypher.p95());
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

    private List<Record> read(String cypher, Map<String, Object> params) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> tx.run(cypher, params).list());
        }
    }

    private Object releaseProvenance(String release) {
        Map<String, Object> answer = new LinkedHashMap<>();
        List<String> pageRefs = new ArrayList<>();
        try (Session session = driver.session()) {
            session.executeRead(tx -> {
                Record chain = tx.run(resource("provenance-chain.cypher"), Map.of("release", release)).single();
                List<Object> datasets = chain.get("datasets").asList();
                answer.put("chain", chain.asMap());
                List<Record> groups = tx.run(resource("provenance-groups.cypher"), Map.of("datasets", datasets)).list();
                List<String> rubrics = groups.stream().map(r -> r.get("rubric").asString()).distinct().toList();
                answer.put("groups", groups.stream().map(Record::asMap).toList());
                List<Record> labels = tx.run(resource("provenance-labels.cypher"),
                        Map.of("rubrics", rubrics, "datasets", datasets, "limit", 50)).list();
                labels.forEach(r -> r.get("labels").asList(v -> v.asString()).forEach(pageRefs::add));
                answer.put("reviewers", tx.run(resource("provenance-reviewers.cypher"), Map.of("datasets", datasets)).list(Record::asMap));
                // the warnings the API's answer carries that cost a pass over the data: unresolved conflicts, eval leaks
                answer.put("conflicts", tx.run(resource("provenance-conflicts.cypher"), Map.of("datasets", datasets)).list(Record::asMap));
                answer.put("leaks", tx.run(resource("provenance-leaks.cypher"),
                        Map.of("datasets", datasets, "evalDatasets", chain.get("evalDatasets").asList())).list(Record::asMap));
                return answer;
            });
        }
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
