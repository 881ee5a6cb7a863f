package io.provenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.provenant.journal.Projector;
import io.provenant.runtime.EmbeddedNeo4j;
import io.provenant.runtime.EmbeddedPostgres;

/**
 * Several replicas, one truth: two packaged apps ({@code java -jar target/quarkus-app/quarkus-run.jar}, separate OS
 * processes) against ONE Neo4j, reached through the routing scheme {@code neo4j://}, and ONE PostgreSQL, configured
 * by the same environment variables the Kubernetes manifests set. Started once for all scenarios:
 * <ul>
 * <li>concurrent registrations of one ref through both replicas: one artifact, or one winner and CONFLICTs;</li>
 * <li>concurrent batches through both replicas: one linear, gap-free, verifiable hash chain;</li>
 * <li>a backlog drained by the projectors of both replicas: every entry applied exactly once (their own tallies);</li>
 * <li>read-your-writes across replicas with the {@code Provenant-Consistency} token;</li>
 * <li>measurements (printed as {@code MEASURED:} lines, never asserted): ingest with one and two replicas, the cost of
 * the journal's serialization point under concurrency, bytes per feedback event in PostgreSQL and Neo4j, RSS.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {

    private static final Path APP_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String PROJECT = "scale";

    private static Path dir;
    private static EmbeddedNeo4j neo4j;
    private static EmbeddedPostgres postgres;
    private static Driver graph;
    private static final List<App> APPS = new ArrayList<>();
    /** Feedback events in the stores at the end, for the Neo4j store size measured after Neo4j's shutdown checkpoint. */
    private static long feedbackEvents;

    /** One running replica. */
    private record App(String name, Process process, int port, Path log) {
        URI graphql() {
            return URI.create("http://127.0.0.1:" + port + "/graphql");
        }
    }

    /** A GraphQL response: its body and its consistency header. */
    private record Reply(JsonNode body, String consistency) {
        JsonNode data(String field) {
            assertTrue(body.path("errors").isMissingNode() || body.path("errors").isEmpty(), "GraphQL errors: " + body);
            return body.path("data").path(field);
        }
    }

    @BeforeAll
    static void startServersAndTwoReplicas() throws Exception {
        assertTrue(Files.isRegularFile(APP_JAR), "The packaged app " + APP_JAR.toAbsolutePath() + " is missing: run ./mvnw verify.");
        dir = Path.of("target", "multi-instance", UUID.randomUUID().toString()).toAbsolutePath();
        Files.createDirectories(dir);
        neo4j = EmbeddedNeo4j.start(Path.of("neo4j-server", "target"), dir.resolve("neo4j"), 0, "512m", "128m");
        postgres = EmbeddedPostgres.start(dir.resolve("postgres"), dir.resolve("postgres-runtime"), 0, true, true);
        graph = GraphDatabase.driver(routingUri(), AuthTokens.none());
        // Both replicas start at once: Flyway (PostgreSQL advisory lock) and the Neo4j migrations race, as on a rollout.
        List<App> started = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            started.add(launch(name));
        }
        for (App app : started) {
            awaitReady(app);
        }
        APPS.addAll(started);
        Reply policy = call(a(), GraphQL.operation("registerPolicy"), Map.of("input", m("key", "scale", "version", "1",
                "project", PROJECT, "title", "Scale", "text", "Several replicas, one truth.")));
        assertNotNull(policy.data("registerPolicy").path("artifact").path("ref").textValue(), policy.body().toString());
        call(b(), GraphQL.operation("registerRubric"), Map.of("input", m("key", "scale-rating", "version", "1", "project", PROJECT,
                "policy", POLICY, "criteria", List.of(m("name", "harmless", "description", "d")),
                "labelSchema", m("type", "RATING", "ratingMin", 1.0, "ratingMax", 5.0)))).data("registerRubric");
        call(a(), GraphQL.operation("registerReviewer"), Map.of("input", m("key", "rita", "version", "1", "project", PROJECT,
                "role", "labeler", "tier", 1))).data("registerReviewer");
    }

    private static final String POLICY = "policy:scale@1";
    private static final String RUBRIC = "rubric:scale-rating@1";
    private static final String REVIEWER = "reviewer:rita@1";

    private static String routingUri() {
        return neo4j.boltUri().replace("bolt://", "neo4j://");
    }

    private static App a() {
        return APPS.get(0);
    }

    private static App b() {
        return APPS.get(1);
    }

    // ---- Scenarios ------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theRoutingSchemeWorksAgainstTheServer() {
        try (Session session = graph.session()) {
            Record table = session.run("CALL dbms.routing.getRoutingTable({}, 'neo4j')").single();
            List<String> roles = table.get("servers").asList(s -> s.get("role").asString());
            assertTrue(roles.containsAll(List.of("WRITE", "READ", "ROUTE")), "routing table " + table);
        }
        for (App app : APPS) {
            assertEquals(200, status(app, "/q/health/ready"), app.name() + " is ready through " + routingUri());
        }
    }

    @Test
    @Order(2)
    void oneRefRegisteredConcurrentlyThroughBothReplicasIsOneArtifact() throws Exception {
        Map<String, Object> input = m("key", "same-ref", "version", "1", "project", PROJECT, "title", "Same", "text", "Same content.");
        List<Reply> replies = concurrently(16, i -> call(APPS.get(i % 2), GraphQL.operation("registerPolicy"), Map.of("input", input)));
        long created = replies.stream().filter(r -> r.data("registerPolicy").path("created").asBoolean()).count();
        assertEquals(1, created, "exactly one of 16 concurrent identical registrations creates the artifact");
        assertEquals(1, replies.stream().map(r -> r.data("registerPolicy").path("artifact").path("journalSequence").asLong())
                .distinct().count(), "every reply names the same journal entry");
        assertEquals(1, sql("SELECT count(*) FROM journal WHERE ref = 'policy:same-ref@1'"));
        assertEquals(1, sql("SELECT count(*) FROM artifact WHERE ref = 'policy:same-ref@1'"));

        // Same ref, 16 different contents at once: one wins, the other 15 are CONFLICTs, and only the winner is stored.
        List<Reply> racing = concurrently(16, i -> call(APPS.get(i % 2), GraphQL.operation("registerPolicy"), Map.of("input",
                m("key", "racing-ref", "version", "1", "project", PROJECT, "title", "Racing", "text", "Content " + i))));
        List<Reply> winners = racing.stream().filter(r -> r.body().path("errors").isMissingNode()).toList();
        assertEquals(1, winners.size(), "one winner among " + racing);
        for (Reply loser : racing) {
            if (loser != winners.get(0)) {
                assertEquals("CONFLICT", loser.body().path("errors").path(0).path("extensions").path("code").asText(), loser.body().toString());
            }
        }
        assertEquals(1, sql("SELECT count(*) FROM journal WHERE ref = 'policy:racing-ref@1'"));
        assertEquals(winners.get(0).data("registerPolicy").path("artifact").path("digest").asText(),
                text("SELECT digest FROM artifact WHERE ref = 'policy:racing-ref@1'"));
    }

    static final int CLIENTS = 4;
    static final int BATCHES_PER_CLIENT = 4;
    static final int EVENTS_PER_BATCH = 250;

    @Test
    @Order(3)
    void concurrentBatchesThroughBothReplicasKeepOneLinearVerifiableChain() throws Exception {
        long before = sql("SELECT count(*) FROM journal");
        concurrently(CLIENTS, c -> {
            for (int b = 0; b < BATCHES_PER_CLIENT; b++) {
                Reply batch = call(APPS.get(c % 2), GraphQL.operation("recordFeedback"),
                        Map.of("events", events("chain-" + c + "-" + b, EVENTS_PER_BATCH)));
                assertEquals(EVENTS_PER_BATCH, batch.data("recordFeedback").path("created").asInt(), batch.body().toString());
            }
            return null;
        });
        int expected = CLIENTS * BATCHES_PER_CLIENT * EVENTS_PER_BATCH;
        assertEquals(before + expected, sql("SELECT count(*) FROM journal"));
        assertEquals(sql("SELECT count(*) FROM journal"), sql("SELECT max(seq) FROM journal"), "no gap in the sequence");
        assertEquals(sql("SELECT max(seq) FROM journal"), sql("SELECT seq FROM journal_head"));
        assertEquals(0, sql("SELECT count(*) FROM journal j JOIN journal p ON p.seq = j.seq - 1 WHERE j.prev_hash <> p.entry_hash"),
                "every entry links to the one before it: one linear chain");
        JsonNode auditA = call(a(), "{ verifyAudit { valid size rootHash } }", Map.of()).data("verifyAudit");
        JsonNode auditB = call(b(), "{ verifyAudit { valid size rootHash } }", Map.of()).data("verifyAudit");
        assertTrue(auditA.path("valid").asBoolean(), auditA.toString());
        assertEquals(auditA, auditB, "both replicas verify the same journal to the same root");
        awaitEmptyOutbox();
        assertEquals(expected, cypher("MATCH (f:Feedback) WHERE f.ref STARTS WITH 'feedback:chain-' RETURN count(f)"));
        assertEquals(expected, cypher("MATCH (f:Feedback)-[r:UNDER_RUBRIC]->(:Rubric) WHERE f.ref STARTS WITH 'feedback:chain-' RETURN count(r)"));
    }

    @Test
    @Order(4)
    void theProjectorsOfBothReplicasApplyABackloggedEntryExactlyOnce() throws Exception {
        awaitEmptyOutbox();
        long appliedBefore = applied(a()) + applied(b());
        int batches = 8;
        int events = 250;
        try (Connection rebuild = jdbc()) {
            // Hold every projection off, as a graph rebuild does, so the writes of both replicas pile up in the outbox.
            advisory(rebuild, "pg_advisory_lock");
            try {
                concurrently(batches, i -> {
                    Reply batch = call(APPS.get(i % 2), GraphQL.operation("recordFeedback"), Map.of("events", events("drain-" + i, events)));
                    assertFalse(batch.data("recordFeedback").path("projected").asBoolean(), batch.body().toString());
                    return null;
                });
            } finally {
                advisory(rebuild, "pg_advisory_unlock");
            }
        }
        assertEquals(batches * events, sql("SELECT count(*) FROM outbox"));
        long drained = awaitEmptyOutbox();
        long appliedA = applied(a());
        long appliedB = applied(b());
        assertEquals(batches * events, appliedA + appliedB - appliedBefore,
                "the two replicas' projectors together applied each backlogged entry once: none skipped, none twice");
        assertEquals(batches * events, cypher("MATCH (f:Feedback) WHERE f.ref STARTS WITH 'feedback:drain-' RETURN count(f)"));
        assertEquals(batches * events, cypher("MATCH (f:Feedback)-[r:LABELED_BY]->(:Reviewer) WHERE f.ref STARTS WITH 'feedback:drain-'"
                + " RETURN count(r)"), "one edge per event, no duplicates");
        System.out.printf("MEASURED: backlog of %d entries drained by 2 replicas in %d ms (applied so far: a=%d, b=%d)%n",
                batches * events, drained, appliedA, appliedB);
    }

    @Test
    @Order(5)
    void aConsistencyTokenFromOneReplicaGivesReadYourWritesOnTheOther() throws Exception {
        Reply written = call(a(), GraphQL.operation("recordFeedback"), Map.of("events", events("ryw", 1)));
        assertTrue(written.data("recordFeedback").path("projected").asBoolean(), written.body().toString());
        String token = written.consistency();
        assertNotNull(token, "a mutation that projected answers with a Provenant-Consistency header");
        assertTrue(token.startsWith("v1."), token);
        Reply read = call(b(), GraphQL.operation("lineage"), Map.of("ref", "feedback:ryw-0@1", "direction", "UPSTREAM", "maxDepth", 1), token);
        assertEquals("feedback:ryw-0@1", read.data("lineage").path("root").path("ref").asText(), read.body().toString());
        long fromTheEvent = 0;
        for (JsonNode edge : read.data("lineage").path("edges")) {
            fromTheEvent += "feedback:ryw-0@1".equals(edge.path("from").asText()) ? 1 : 0;
        }
        assertEquals(3, fromTheEvent, "the event's reviewer, rubric and policy edges, read on the other replica: " + read.body());

        // A token this service never issued is refused with INVALID_INPUT naming the header, and reads nothing.
        for (String bad : List.of("not-a-token", "v1.%%%", "v1." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("FB:not-a-bookmark".getBytes(StandardCharsets.UTF_8)))) {
            Reply refused = call(b(), GraphQL.operation("lineage"), Map.of("ref", "feedback:ryw-0@1"), bad);
            JsonNode error = refused.body().path("errors").path(0);
            assertEquals("INVALID_INPUT", error.path("extensions").path("code").asText(), bad + " -> " + refused.body());
            assertEquals("Provenant-Consistency", error.path("extensions").path("field").asText(), refused.body().toString());
        }
    }

    @Test
    @Order(6)
    void measureIngestAndTheSerializationPoint() throws Exception {
        int batch = 1000;
        int batches = 6;
        // One replica, 2 clients; then two replicas, one client each (same total, same batch size).
        double one = ingest("one-", batches, batch, i -> a());
        double two = ingest("two-", batches, batch, i -> APPS.get(i % 2));
        System.out.printf(Locale.ROOT, "MEASURED: recordFeedback ingest, %d batches of %d new events, 2 concurrent clients:"
                + " 1 replica %.0f events/s, 2 replicas %.0f events/s%n", batches, batch, one, two);

        // The serialization point: single-event appends (each locks journal_head, appends, extends the Merkle tree, commits).
        for (int clients : List.of(1, 4, 8)) {
            int calls = 60;
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();
            concurrently(clients, c -> {
                for (int k = c; k < calls; k += clients) {
                    long t = System.nanoTime();
                    call(APPS.get(k % 2), GraphQL.operation("recordFeedback"), Map.of("events", events("single-" + clients + "-" + k, 1)))
                            .data("recordFeedback");
                    latencies.add(System.nanoTime() - t);
                }
                return null;
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            List<Long> sorted = latencies.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "MEASURED: single-event appends over 2 replicas, %d concurrent clients: %.0f appends/s,"
                    + " p50 %.1f ms, p95 %.1f ms%n", clients, calls / seconds, sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get((int) (sorted.size() * 0.95)) / 1e6);
        }
        awaitEmptyOutbox();
        assertEquals(sql("SELECT count(*) FROM journal"), sql("SELECT max(seq) FROM journal"));
        assertTrue(call(b(), "{ verifyAudit { valid } }", Map.of()).data("verifyAudit").path("valid").asBoolean());

        // Space: PostgreSQL relations and the Neo4j store (after a checkpoint) per feedback event.
        long feedback = sql("SELECT count(*) FROM artifact WHERE kind = 'feedback'");
        long pgBytes = sql("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind = 'r'");
        long journalBytes = sql("SELECT pg_total_relation_size('journal')");
        System.out.printf(Locale.ROOT, "MEASURED: %d feedback events: PostgreSQL %d bytes (%.0f bytes/event, journal table with"
                + " its indexes %.0f bytes/event)%n", feedback, pgBytes, (double) pgBytes / feedback, (double) journalBytes / feedback);
        feedbackEvents = feedback;
        for (App app : APPS) {
            System.out.printf("MEASURED: replica %s RSS %d MB after the scenarios%n", app.name(), rssMb(app.process().pid()));
        }
        System.out.printf("MEASURED: Neo4j RSS %d MB%n", rssMb(neo4j.pid()));
    }

    /**
     * The serialization point alone, in PostgreSQL, without the app: transactions that lock a head row, append one
     * hash-chained row and move the head, committed with the journal's durability (fsync and synchronous_commit
     * on), in a scratch schema. One chain (what the journal does now) against one chain per project (4 heads):
     * how many appends/s one lock admits and how long a transaction holds it.
     */
    @Test
    @Order(7)
    void measureTheSerializationPointInPostgres() throws Exception {
        try (Connection setup = jdbc(); var statement = setup.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS chain_bench");
            statement.execute("CREATE TABLE chain_bench.head (chain INT PRIMARY KEY, seq BIGINT NOT NULL, entry_hash TEXT NOT NULL)");
            statement.execute("CREATE TABLE chain_bench.entry (chain INT, seq BIGINT, payload TEXT, prev_hash TEXT, entry_hash TEXT,"
                    + " PRIMARY KEY (chain, seq))");
            statement.execute("INSERT INTO chain_bench.head SELECT c, 0, repeat('0', 64) FROM generate_series(0, 3) c");
        }
        // The first configuration warms up the JIT and the connections; it is run twice and reported the second time.
        List<int[]> configurations = List.of(new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 4}, new int[] {1, 8},
                new int[] {4, 4}, new int[] {4, 8});
        for (int run = 0; run < configurations.size(); run++) {
            int chains = configurations.get(run)[0];
            int clients = configurations.get(run)[1];
            boolean warmUp = run == 0;
            int perClient = 60;
            List<Long> holds = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();
            concurrently(clients, c -> {
                try (Connection connection = jdbc()) {
                    connection.setAutoCommit(false);
                    int chain = c % chains;
                    for (int k = 0; k < perClient; k++) {
                        long seq;
                        String prev;
                        try (PreparedStatement lock = connection.prepareStatement(
                                "SELECT seq, entry_hash FROM chain_bench.head WHERE chain = ? FOR UPDATE")) {
                            lock.setInt(1, chain);
                            try (ResultSet row = lock.executeQuery()) {
                                row.next();
                                seq = row.getLong(1) + 1;
                                prev = row.getString(2);
                            }
                        }
                        long locked = System.nanoTime();
                        String hash = io.provenant.artifact.Digests.sha256(seq + prev + "payload");
                        try (PreparedStatement insert = connection.prepareStatement(
                                "INSERT INTO chain_bench.entry VALUES (?, ?, ?, ?, ?)");
                             PreparedStatement head = connection.prepareStatement(
                                     "UPDATE chain_bench.head SET seq = ?, entry_hash = ? WHERE chain = ?")) {
                            insert.setInt(1, chain);
                            insert.setLong(2, seq);
                            insert.setString(3, "{\"event\":" + seq + "}");
                            insert.setString(4, prev);
                            insert.setString(5, hash);
                            insert.executeUpdate();
                            head.setLong(1, seq);
                            head.setString(2, hash);
                            head.setInt(3, chain);
                            head.executeUpdate();
                        }
                        connection.commit();
                        holds.add(System.nanoTime() - locked);
                    }
                }
                return null;
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            List<Long> sorted = holds.stream().sorted().toList();
            if (warmUp) {
                continue;
            }
            System.out.printf(Locale.ROOT, "MEASURED: serialization point (PostgreSQL, fsync on), %d chain(s), %d clients:"
                    + " %.0f appends/s, lock held p50 %.2f ms, p95 %.2f ms%n", chains, clients, clients * perClient / seconds,
                    sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.95)) / 1e6);
        }
        assertEquals(0, sql("SELECT count(*) FROM chain_bench.entry e JOIN chain_bench.entry p ON p.chain = e.chain"
                + " AND p.seq = e.seq - 1 WHERE e.prev_hash <> p.entry_hash"), "each bench chain stays linear");
        try (Connection drop = jdbc(); var statement = drop.createStatement()) {
            statement.execute("DROP SCHEMA chain_bench CASCADE");
        }
    }

    private double ingest(String prefix, int batches, int size, java.util.function.IntFunction<App> target) throws Exception {
        long started = System.nanoTime();
        concurrently(2, c -> {
            for (int b = c; b < batches; b += 2) {
                Reply reply = call(target.apply(b), GraphQL.operation("recordFeedback"), Map.of("events", events(prefix + b, size)));
                assertEquals(size, reply.data("recordFeedback").path("created").asInt(), reply.body().toString());
            }
            return null;
        });
        return batches * size / ((System.nanoTime() - started) / 1e9);
    }

    // ---- Test data ------------------------------------------------------------------------------------------------

    private static List<Map<String, Object>> events(String prefix, int count) {
        List<Map<String, Object>> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(m("key", prefix + "-" + i, "version", "1", "project", PROJECT,
                    "prompt", "Prompt " + prefix + "/" + i, "response", "Response " + prefix + "/" + i,
                    "judgment", m("type", "RATING", "rating", 1.0 + i % 5), "reviewer", REVIEWER, "rubric", RUBRIC, "policy", POLICY,
                    "promptTemplate", "chat-v3", "roleFormat", "system-user-assistant",
                    "decoder", m("model", "sampler-7b", "temperature", 0.7),
                    "consent", m("source", "beta-program", "subject", "subject-" + i, "basis", "consent"),
                    "occurredAt", "2026-10-01T10:00:00Z"));
        }
        return events;
    }

    private static Map<String, Object> m(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    // ---- Concurrency ----------------------------------------------------------------------------------------------

    private interface Work<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code work(0..n-1)} on n threads released at once; returns the results in index order. */
    private static <T> List<T> concurrently(int n, Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    go.await();
                    return work.run(index);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(300, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- HTTP -----------------------------------------------------------------------------------------------------

    private static Reply call(App app, String query, Map<String, ?> variables) {
        return call(app, query, variables, null);
    }

    private static Reply call(App app, String query, Map<String, ?> variables, String consistency) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(app.graphql()).timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + Api.ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("query", query, "variables", variables))));
            if (consistency != null) {
                request.header("Provenant-Consistency", consistency);
            }
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
            return new Reply(JSON.readTree(response.body()), response.headers().firstValue("Provenant-Consistency").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int status(App app, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The entries this replica's projector applied since it started (readiness, {@code Projection backlog}). */
    private static long applied(App app) throws Exception {
        HttpResponse<byte[]> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/q/health/ready"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        for (JsonNode check : JSON.readTree(ready.body()).path("checks")) {
            if ("Projection backlog".equals(check.path("name").asText())) {
                return check.path("data").path("appliedHere").asLong();
            }
        }
        throw new AssertionError("no Projection backlog check in " + new String(ready.body(), StandardCharsets.UTF_8));
    }

    // ---- Stores ---------------------------------------------------------------------------------------------------

    private static Connection jdbc() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres");
    }

    private static long sql(String query) {
        try (Connection connection = jdbc(); PreparedStatement statement = connection.prepareStatement(query);
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    private static String text(String query) {
        try (Connection connection = jdbc(); PreparedStatement statement = connection.prepareStatement(query);
             ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    private static void advisory(Connection connection, String function) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT " + function + "(?)")) {
            lock.setLong(1, Projector.PROJECTION_LOCK);
            lock.execute();
        }
    }

    private static long cypher(String query) {
        try (Session session = graph.session()) {
            return session.run(query).single().get(0).asLong();
        }
    }

    /** Waits until both replicas' projectors have emptied the outbox; returns the milliseconds it took. */
    private static long awaitEmptyOutbox() throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(120).toNanos();
        while (sql("SELECT count(*) FROM outbox") > 0) {
            if (System.nanoTime() > deadline) {
                fail("the outbox still holds " + sql("SELECT count(*) FROM outbox") + " entries after 120 s");
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    // ---- Processes ------------------------------------------------------------------------------------------------

    /** A replica configured only by environment variables, as k8s/base/deployment.yaml configures it. */
    private static App launch(String name) throws IOException {
        int port = freePort();
        Path log = dir.resolve("app-" + name + ".log");
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of(java, "-Xmx512m", "-jar", APP_JAR.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_NEO4J_URI", routingUri());
        env.put("QUARKUS_NEO4J_AUTHENTICATION_DISABLED", "true");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("PROVENANT_PROJECTION_DRAIN_INTERVAL", "1s");
        // As the k8s Secret gives them: the same HMAC key and bootstrap admin token on every replica.
        env.put("PROVENANT_SECURITY_TOKEN_PEPPER", "multi-instance-test-pepper");
        env.put("PROVENANT_SECURITY_BOOTSTRAP_TOKEN", Api.ADMIN_TOKEN);
        env.put("PROVENANT_DATA_DIR", dir.resolve("app-" + name + "-data").toString());
        Files.writeString(log, "$ " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
        return new App(name, builder.start(), port, log);
    }

    private static void awaitReady(App app) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (status(app, "/q/health/ready") != 200) {
            if (!app.process().isAlive()) {
                fail("replica " + app.name() + " exited with " + app.process().exitValue() + ". Log " + app.log() + ":\n" + tail(app.log()));
            }
            if (System.nanoTime() > deadline) {
                fail("replica " + app.name() + " not ready in " + READY_TIMEOUT.toSeconds() + " s. Log " + app.log() + ":\n" + tail(app.log()));
            }
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (App app : APPS) {
            app.process().destroy();
        }
        for (App app : APPS) {
            if (!app.process().waitFor(60, TimeUnit.SECONDS)) {
                app.process().destroyForcibly();
            }
        }
        if (graph != null) {
            graph.close();
        }
        if (neo4j != null) {
            neo4j.close(); // a clean shutdown checkpoints: the store files now hold everything
            if (feedbackEvents > 0) {
                Path data = dir.resolve("neo4j").resolve("data");
                long store = treeSize(data.resolve("databases").resolve("neo4j"));
                long txLogs = treeSize(data.resolve("transactions").resolve("neo4j"));
                System.out.printf(Locale.ROOT, "MEASURED: %d feedback events: Neo4j store %d bytes (%.0f bytes/event),"
                        + " transaction logs %d bytes%n", feedbackEvents, store, (double) store / feedbackEvents, txLogs);
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long treeSize(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long rssMb(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
                    .findFirst().orElse(0L);
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }
}
