package io.provenant;

import static io.provenant.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The README's quick start against the real packaged application, run as a separate OS process exactly as a
 * user runs it: {@code java -jar target/quarkus-app/quarkus-run.jar} with no database URLs, so it starts its
 * own Neo4j (child JVM) and PostgreSQL under {@code provenant.data-dir}.
 *
 * <p>Checks that it becomes ready, registers an artifact, stops cleanly on SIGTERM taking its servers with it,
 * and, started again on the same data directory, still has the artifact (same digest and journal position)
 * and treats the same registration as a repeat. Finally {@code rebuild-graph} on that data directory rebuilds the
 * graph from the journal to the digest the live graph had, and exits 0. Prints one {@code MEASURED:} line (time to ready, RSS).
 *
 * <p>Runs in failsafe's {@code integration-test} phase, after {@code package}; working directory = project root.
 */
class PackagedAppIT {

    private static final Path APP_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path IT_DIR = Path.of("target", "it-data");
    private static final String NEO4J_MAIN = "io.provenant.neo4jserver.Neo4jServer";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CHILDREN_GONE_TIMEOUT = Duration.ofSeconds(30);

    private static final String REGISTER_POLICY = """
            mutation($input: PolicyInput!) {
              registerPolicy(input: $input) { created artifact { ref digest journalSequence } }
            }""";
    private static final String ARTIFACT = """
            query($ref: String!) { artifact(ref: $ref) { ref digest journalSequence } }""";
    private static final String REF = "policy:restart-check@1";

    /** Every process this test started, directly or through the app; killed in {@link #cleanUp()} if still alive. */
    private static final List<ProcessHandle> STARTED = new ArrayList<>();

    /** One run of the packaged app. */
    private record RunningApp(Process process, int port, Path log, long millisToReady) {
        long pid() {
            return process.pid();
        }
    }

    @Test
    void quickStartSurvivesRestartAndStopsItsServers() throws Exception {
        assertTrue(Files.isRegularFile(APP_JAR), "The packaged app " + APP_JAR.toAbsolutePath()
                + " is missing: run `./mvnw verify` (failsafe runs after `package`, from the project root).");
        String run = UUID.randomUUID().toString();
        Path dataDir = IT_DIR.resolve(run);
        Files.createDirectories(IT_DIR);

        // ---- First run: fresh data directory ------------------------------------------------------------
        RunningApp first = start(dataDir, IT_DIR.resolve(run + "-run1.log"));
        try {
            assertHealthUp(first);

            JsonPath registered = graphql(first, REGISTER_POLICY, Map.of("input", policyInput()));
            assertEquals(Boolean.TRUE, registered.get("data.registerPolicy.created"), registered.prettify());
            assertEquals(REF, registered.get("data.registerPolicy.artifact.ref"));
            String digest = registered.getString("data.registerPolicy.artifact.digest");
            String journalSequence = registered.getString("data.registerPolicy.artifact.journalSequence");
            assertNotNull(digest, registered.prettify());
            assertNotNull(journalSequence, registered.prettify());

            List<ProcessHandle> servers = serverProcesses(first, dataDir);
            ProcessHandle neo4j = servers.stream().filter(PackagedAppIT::isNeo4j).findFirst()
                    .orElseThrow(() -> new AssertionError("No Neo4j child (" + NEO4J_MAIN + ") among the app's "
                            + "descendants: " + describe(first.process().descendants().toList())));
            List<ProcessHandle> postgres = servers.stream().filter(p -> !isNeo4j(p)).toList();
            assertFalse(postgres.isEmpty(), "No PostgreSQL processes found for the app (descendants: "
                    + describe(first.process().descendants().toList()) + ", postmaster.pid in "
                    + dataDir.resolve("postgres") + ")");
            System.out.printf("MEASURED: time-to-ready=%d ms, app RSS=%d MB, neo4j child RSS=%d MB, "
                            + "postgres RSS=%d MB (%d processes), total=%d MB%n",
                    first.millisToReady(), rssMb(first.process().toHandle()), rssMb(neo4j),
                    postgres.stream().mapToLong(PackagedAppIT::rssMb).sum(), postgres.size(),
                    rssMb(first.process().toHandle()) + rssMb(neo4j)
                            + postgres.stream().mapToLong(PackagedAppIT::rssMb).sum());

            stopAndAssertServersGone(first, servers, dataDir);

            // ---- Second run: same data directory ----------------------------------------------------------
            RunningApp second = start(dataDir, IT_DIR.resolve(run + "-run2.log"));
            assertHealthUp(second);

            JsonPath found = graphql(second, ARTIFACT, Map.of("ref", REF));
            assertEquals(REF, found.get("data.artifact.ref"), "The artifact did not survive a restart: "
                    + found.prettify());
            assertEquals(digest, found.getString("data.artifact.digest"));
            assertEquals(journalSequence, found.getString("data.artifact.journalSequence"));

            JsonPath again = graphql(second, REGISTER_POLICY, Map.of("input", policyInput()));
            assertEquals(Boolean.FALSE, again.get("data.registerPolicy.created"),
                    "Registering the same input after a restart must be a repeat: " + again.prettify());
            assertEquals(digest, again.getString("data.registerPolicy.artifact.digest"));
            assertEquals(journalSequence, again.getString("data.registerPolicy.artifact.journalSequence"));

            List<ProcessHandle> secondServers = serverProcesses(second, dataDir);
            System.out.printf("MEASURED-RESTART: time-to-ready=%d ms, app RSS=%d MB%n", second.millisToReady(),
                    rssMb(second.process().toHandle()));

            // ---- Neo4j crashes: readiness turns 503, writes are still accepted (journal first) ------------------
            ProcessHandle secondNeo4j = secondServers.stream().filter(PackagedAppIT::isNeo4j).findFirst().orElseThrow();
            secondNeo4j.destroyForcibly();
            secondNeo4j.onExit().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Integer ready = readyStatus(second.port());
            while ((ready == null || ready != 503) && System.nanoTime() < deadline) {
                Thread.sleep(250);
                ready = readyStatus(second.port());
            }
            assertEquals(503, ready, "readiness must say DOWN while Neo4j is down");
            long writeStarted = System.nanoTime();
            JsonPath duringOutage = graphql(second, REGISTER_POLICY, Map.of("input", outageInput()));
            long writeMillis = (System.nanoTime() - writeStarted) / 1_000_000;
            assertEquals(Boolean.TRUE, duringOutage.get("data.registerPolicy.created"), duringOutage.prettify());
            Map<String, Object> nextInput = new LinkedHashMap<>(outageInput());
            nextInput.put("key", "outage-check-2");
            long nextStarted = System.nanoTime();
            JsonPath nextDuringOutage = graphql(second, REGISTER_POLICY, Map.of("input", nextInput));
            long nextMillis = (System.nanoTime() - nextStarted) / 1_000_000;
            assertEquals(Boolean.TRUE, nextDuringOutage.get("data.registerPolicy.created"), nextDuringOutage.prettify());
            assertEquals(2, projectionBacklog(second), "both writes wait in the outbox");
            System.out.printf("MEASURED-OUTAGE: registrations with Neo4j down took %d ms (first, finds the outage)"
                    + " and %d ms (next, left to the background projector)%n", writeMillis, nextMillis);
            stopAndAssertServersGone(second, secondServers, dataDir);

            // ---- Third run: Neo4j is back, the background projector drains what the outage left -----------------
            RunningApp third = start(dataDir, IT_DIR.resolve(run + "-run3.log"));
            assertHealthUp(third);
            awaitNoBacklog(third, "the outbox is drained into Neo4j after the outage");
            assertEquals(OUTAGE_REF, graphql(third, ARTIFACT, Map.of("ref", OUTAGE_REF)).get("data.artifact.ref"));

            // ---- The journal, exported, verifies offline with the shipped command against verifyAudit's root --------
            JsonPath audit = graphql(third, "{ verifyAudit { valid size rootHash } }", Map.of());
            assertEquals(Boolean.TRUE, audit.get("data.verifyAudit.valid"), audit.prettify());
            Path export = IT_DIR.resolve(run + "-journal.jsonl");
            Files.write(export, given().baseUri("http://127.0.0.1").port(third.port()).when().get("/audit/journal.jsonl").then().statusCode(200)
                    .extract().asByteArray());
            Process verify = new ProcessBuilder("bin/provenant-verify", export.toString(), "--expect-root",
                    audit.getString("data.verifyAudit.rootHash"), "--expect-size", audit.getString("data.verifyAudit.size"))
                    .redirectErrorStream(true).start();
            String verifyOutput = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(verify.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, verify.exitValue(), verifyOutput);
            assertTrue(verifyOutput.contains(audit.getString("data.verifyAudit.size") + " entries verify"), verifyOutput);
            String liveDigest = graphql(third, "{ graphDigest { digest } }", Map.of()).getString("data.graphDigest.digest");
            stopAndAssertServersGone(third, serverProcesses(third, dataDir), dataDir);

            // ---- `rebuild-graph` on the same data: rebuilds the graph from the journal to the same digest, exits 0 --
            Path commandLog = IT_DIR.resolve(run + "-rebuild-graph.log");
            Process rebuild = launch(dataDir, commandLog, first.port(), "rebuild-graph");
            if (!rebuild.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail("rebuild-graph did not exit within " + READY_TIMEOUT.toSeconds() + " s. Log " + commandLog + ":\n"
                        + tail(commandLog));
            }
            String output = Files.readString(commandLog, StandardCharsets.UTF_8);
            assertEquals(0, rebuild.exitValue(), "rebuild-graph exit code. Log " + commandLog + ":\n" + tail(commandLog));
            assertTrue(output.contains("rebuilt 3 / 3 journal entries"), tail(commandLog));
            assertTrue(output.contains("graph rebuilt from 3 journal entries in ") && output.contains("digest " + liveDigest + " "),
                    "the rebuilt graph has the live graph's digest " + liveDigest + ". Log " + commandLog + ":\n" + tail(commandLog));
            assertFalse(output.contains("Listening on: http://0.0.0.0:" + first.port()), "the command takes no fixed HTTP port");
            assertFalse(Files.exists(dataDir.resolve("postgres").resolve("postmaster.pid")), "PostgreSQL stopped with the command");
        } finally {
            cleanUp();
        }
        deleteTree(dataDir); // logs stay next to it; a failed run keeps its data for inspection
    }

    static final int KILL_BATCHES = 200;
    static final int KILL_EVENTS = 25;

    /**
     * A pipeline sends {@value #KILL_BATCHES} recordFeedback batches and notes which were acknowledged; the
     * service JVM is SIGKILLed mid-way (its PostgreSQL is left running, its Neo4j exits with it) and started
     * again on the same data. Every acknowledged batch must be whole in PostgreSQL and in Neo4j, no batch may be
     * partially present, and re-sending every batch (the client's retry) creates only what was never acknowledged.
     */
    @Test
    void prodRefusesToRunWithoutAuthAndAFirstStartLogsAnAdminTokenOnce() throws Exception {
        assertTrue(Files.isRegularFile(APP_JAR), "run ./mvnw verify: the packaged app is missing");
        String run = UUID.randomUUID().toString();
        Path dataDir = IT_DIR.resolve(run);
        Files.createDirectories(IT_DIR);
        Path offLog = IT_DIR.resolve(run + "-auth-off.log");
        Process off = launch(dataDir, offLog, freePort(), List.of("-Dprovenant.security.enabled=false"));
        assertTrue(off.waitFor(180, TimeUnit.SECONDS), "the app with auth off should exit. Log:\n" + tail(offLog));
        assertTrue(off.exitValue() != 0, "exit code " + off.exitValue());
        assertTrue(Files.readString(offLog).contains("refuses to start without authentication"), tail(offLog));

        // No token configured: the first start creates an admin token and logs it once; it works; a restart logs none.
        Path firstLog = IT_DIR.resolve(run + "-bootstrap1.log");
        RunningApp first = start(dataDir, firstLog, List.of());
        String token;
        try {
            java.util.regex.Matcher logged = java.util.regex.Pattern.compile("bootstrap admin token \\(shown once, store it now\\): (pvt_\\S+)")
                    .matcher(Files.readString(firstLog));
            assertTrue(logged.find(), tail(firstLog));
            token = logged.group(1);
            Response me = Api.as(token).baseUri("http://127.0.0.1").port(first.port()).contentType(ContentType.JSON)
                    .body(Map.of("query", "{ me { subject roles projects } }")).post("/graphql");
            assertEquals("bootstrap-admin", me.jsonPath().getString("data.me.subject"), me.asString());
            assertEquals(401, Api.as(null).baseUri("http://127.0.0.1").port(first.port()).contentType(ContentType.JSON)
                    .body(Map.of("query", "{ me { subject } }")).post("/graphql").statusCode());
        } finally {
            stopAndAssertServersGone(first, serverProcesses(first, dataDir), dataDir);
        }
        Path secondLog = IT_DIR.resolve(run + "-bootstrap2.log");
        RunningApp second = start(dataDir, secondLog, List.of());
        try {
            assertFalse(Files.readString(secondLog).contains("bootstrap admin token (shown once"), tail(secondLog));
            Response me = Api.as(token).baseUri("http://127.0.0.1").port(second.port()).contentType(ContentType.JSON)
                    .body(Map.of("query", "{ me { subject } }")).post("/graphql");
            assertEquals("bootstrap-admin", me.jsonPath().getString("data.me.subject"), "the token survives a restart: " + me.asString());
        } finally {
            stopAndAssertServersGone(second, serverProcesses(second, dataDir), dataDir);
        }
    }

    @Test
    void sigkillDuringBulkIngestLosesNoAcknowledgedBatch() throws Exception {
        assertTrue(Files.isRegularFile(APP_JAR), "run ./mvnw verify: the packaged app is missing");
        String run = UUID.randomUUID().toString();
        Path dataDir = IT_DIR.resolve(run + "-kill");
        Files.createDirectories(IT_DIR);
        try {
            RunningApp first = start(dataDir, IT_DIR.resolve(run + "-kill-run1.log"));
            assertHealthUp(first);
            graphql(first, GraphQL.operation("registerPolicy"), Map.of("input", StoryFixture.input(StoryFixture.POLICY_V1,
                    "title", "Harmlessness", "text", "Refuse clearly harmful requests.")));
            graphql(first, GraphQL.operation("registerRubric"), Map.of("input", StoryFixture.input(StoryFixture.RUBRIC_V1,
                    "policy", StoryFixture.POLICY_V1, "criteria", List.of(Map.of("name", "harmless", "description", "d")),
                    "labelSchema", Map.of("type", "RATING", "ratingMin", 1.0, "ratingMax", 5.0))));
            graphql(first, GraphQL.operation("registerReviewer"), Map.of("input", StoryFixture.input(StoryFixture.ALICE,
                    "role", "labeler", "tier", 1)));
            List<String> bodies = new ArrayList<>();
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (int b = 0; b < KILL_BATCHES; b++) {
                List<Map<String, Object>> events = new ArrayList<>();
                for (int i = 0; i < KILL_EVENTS; i++) {
                    events.add(StoryFixture.feedback("feedback:kill-" + b + "-" + i + "@1", "kill prompt " + b + "/" + i, 3.0,
                            StoryFixture.ALICE, StoryFixture.RUBRIC_V1, StoryFixture.POLICY_V1));
                }
                bodies.add(json.writeValueAsString(Map.of("query", GraphQL.operation("recordFeedback"), "variables", Map.of("events", events))));
            }
            java.util.Set<Integer> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + first.port() + "/graphql");
            Thread pipeline = new Thread(() -> {
                for (int b = 0; b < KILL_BATCHES; b++) {
                    try {
                        java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json").header("Authorization", "Bearer " + Api.ADMIN_TOKEN)
                                .timeout(Duration.ofSeconds(30))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(bodies.get(b))).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200 && !response.body().contains("\"errors\"")
                                && response.body().contains("\"accepted\":" + KILL_EVENTS)) {
                            acknowledged.add(b);
                        }
                    } catch (IOException | InterruptedException e) {
                        return; // the service is gone
                    }
                }
            }, "pipeline");
            pipeline.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (acknowledged.size() < KILL_BATCHES / 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            first.process().destroyForcibly(); // SIGKILL, mid-way through the ingest
            first.process().waitFor(30, TimeUnit.SECONDS);
            pipeline.join(60_000);
            Set<Integer> acked = Set.copyOf(acknowledged);
            assertTrue(acked.size() >= KILL_BATCHES / 3 && acked.size() < KILL_BATCHES, "killed mid-way: " + acked.size() + " acknowledged");

            RunningApp second = start(dataDir, IT_DIR.resolve(run + "-kill-run2.log"));
            assertHealthUp(second);
            awaitNoBacklog(second, "everything journaled before the kill reaches Neo4j");
            int present = 0;
            for (int b = 0; b < KILL_BATCHES; b++) {
                int found = graphql(second, "query($p: String) { artifacts(kind: FEEDBACK, keyPrefix: $p, first: 100) { edges { cursor } } }",
                        Map.of("p", "kill-" + b + "-")).getList("data.artifacts.edges").size();
                assertTrue(found == 0 || found == KILL_EVENTS, "batch " + b + " is partially present: " + found + " events");
                if (acked.contains(b)) {
                    assertEquals(KILL_EVENTS, found, "acknowledged batch " + b + " was lost");
                }
                present += found / KILL_EVENTS;
            }
            assertEquals((long) present * KILL_EVENTS, feedbackInGraph(second), "Neo4j holds exactly the batches PostgreSQL holds");

            int created = 0;
            for (int b = 0; b < KILL_BATCHES; b++) {
                Map<String, Object> body = json.readValue(bodies.get(b), Map.class);
                JsonPath retry = graphql(second, (String) body.get("query"), (Map<String, ?>) body.get("variables"));
                int batchCreated = retry.getInt("data.recordFeedback.created");
                if (acked.contains(b)) {
                    assertEquals(0, batchCreated, "an acknowledged batch re-sent must change nothing: " + b);
                }
                created += batchCreated;
            }
            assertEquals((KILL_BATCHES - present) * KILL_EVENTS, created, "the retry creates exactly what was missing");
            awaitNoBacklog(second, "the retried batches reach Neo4j");
            assertEquals((long) KILL_BATCHES * KILL_EVENTS, feedbackInGraph(second));
            assertEquals(Boolean.TRUE, graphql(second, "{ verifyAudit { valid } }", Map.of()).get("data.verifyAudit.valid"));
            System.out.printf("MEASURED-KILL: %d of %d batches acknowledged before SIGKILL, %d present after restart"
                    + " (%d unacknowledged but committed), 0 lost, 0 partial; the retry created %d events%n",
                    acked.size(), KILL_BATCHES, present, present - acked.size(), created);

            // ---- PostgreSQL dies: writes fail fast with UNAVAILABLE, lineage reads go on from Neo4j and say so ------
            List<ProcessHandle> secondServers = serverProcesses(second, dataDir);
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).strip());
            ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
            ProcessHandle.of(postmaster).ifPresent(p -> p.onExit().join());
            long writeStarted = System.nanoTime();
            Response refused = given().baseUri("http://127.0.0.1").port(second.port()).contentType(ContentType.JSON)
                    .body(Map.of("query", GraphQL.operation("registerPolicy"), "variables", Map.of("input",
                            StoryFixture.input("policy:pg-down@1", "title", "t", "text", "x"))))
                    .when().post("/graphql");
            long writeMillis = (System.nanoTime() - writeStarted) / 1_000_000;
            assertEquals("UNAVAILABLE", refused.jsonPath().getString("errors[0].extensions.code"), refused.asString());
            assertTrue(writeMillis < 10_000, "a write fails fast while PostgreSQL is down: " + writeMillis + " ms");
            JsonPath read = graphql(second, "query($r: String!) { lineage(ref: $r, direction: DOWNSTREAM) { totalCount"
                    + " freshness { journalReachable pendingEntries lastProjectedAt } } }", Map.of("r", StoryFixture.RUBRIC_V1));
            assertTrue(read.getInt("data.lineage.totalCount") >= KILL_BATCHES * KILL_EVENTS, read.prettify());
            assertEquals(Boolean.FALSE, read.get("data.lineage.freshness.journalReachable"), read.prettify());
            assertNull(read.get("data.lineage.freshness.pendingEntries"));
            assertEquals(503, readyStatus(second.port()));
            System.out.printf("MEASURED-PG-DOWN: a write was refused (UNAVAILABLE) in %d ms; lineage of %d nodes still answered"
                    + " from Neo4j, marked journalReachable=false%n", writeMillis, read.getInt("data.lineage.totalCount"));
            second.process().destroy(); // its PostgreSQL is gone, so no clean PostgreSQL shutdown to assert
            assertTrue(second.process().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the app stops on SIGTERM");
            secondServers.stream().filter(PackagedAppIT::isNeo4j).forEach(n -> n.onExit().join());
        } finally {
            cleanUp();
        }
        deleteTree(dataDir);
    }

    /** Feedback events in Neo4j, counted by impact over the rubric they were recorded under. */
    private static long feedbackInGraph(RunningApp app) {
        List<Map<String, Object>> counts = graphql(app, "query($r: String) { impact(ref: $r, maxNodes: 50000) { countsByKind { kind count } } }",
                Map.of("r", StoryFixture.RUBRIC_V1)).getList("data.impact.countsByKind");
        return counts.stream().filter(c -> "FEEDBACK".equals(c.get("kind"))).mapToLong(c -> ((Number) c.get("count")).longValue())
                .findFirst().orElse(0);
    }

    private static final String OUTAGE_REF = "policy:outage-check@1";

    private static Map<String, Object> outageInput() {
        Map<String, Object> input = new LinkedHashMap<>(policyInput());
        input.put("key", "outage-check");
        input.put("text", "Registered while Neo4j was down.");
        return input;
    }

    /** The readiness check's count of journal entries not yet projected into Neo4j. */
    /** Waits (up to 120 s) until the app's outbox is empty. */
    private static void awaitNoBacklog(RunningApp app, String why) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (projectionBacklog(app) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertEquals(0, projectionBacklog(app), why);
    }

    private static long projectionBacklog(RunningApp app) {
        JsonPath health = JsonPath.from(given().baseUri("http://127.0.0.1").port(app.port()).when().get("/q/health/ready").asString());
        Object pending = health.get("checks.find { it.name == 'Projection backlog' }.data.pending");
        assertNotNull(pending, "no projection backlog in " + health.prettify());
        return ((Number) pending).longValue();
    }

    private static Map<String, Object> policyInput() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("key", "restart-check");
        input.put("version", "1");
        input.put("project", "it");
        input.put("title", "Restart check");
        input.put("text", "Survives a restart.");
        return input;
    }

    // ---- Starting and stopping ------------------------------------------------------------------------------

    private static RunningApp start(Path dataDir, Path log) throws IOException, InterruptedException {
        return start(dataDir, log, List.of("-Dprovenant.security.bootstrap-token=" + Api.ADMIN_TOKEN));
    }

    private static RunningApp start(Path dataDir, Path log, List<String> jvmOptions) throws IOException, InterruptedException {
        int port = freePort();
        long started = System.nanoTime();
        Process process = launch(dataDir, log, port, jvmOptions);
        long deadline = started + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                fail("The app exited with code " + process.exitValue() + " before it was ready. Log " + log + ":\n"
                        + tail(log));
            }
            Integer status = readyStatus(port);
            if (status != null && status == 200) {
                return new RunningApp(process, port, log, (System.nanoTime() - started) / 1_000_000);
            }
            if (System.nanoTime() > deadline) {
                fail("The app was not ready (GET /q/health/ready = " + status + ") within " + READY_TIMEOUT.toSeconds()
                        + " s. Log " + log + ":\n" + tail(log));
            }
            Thread.sleep(500);
        }
    }

    /** {@code java -jar quarkus-run.jar [arguments]} on {@code dataDir}, output appended to {@code log}. */
    private static Process launch(Path dataDir, Path log, int port, String... arguments) throws IOException {
        return launch(dataDir, log, port, List.of("-Dprovenant.security.bootstrap-token=" + Api.ADMIN_TOKEN), arguments);
    }

    private static Process launch(Path dataDir, Path log, int port, List<String> jvmOptions, String... arguments) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new AssertionError("Cannot tell which java binary runs this test."));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dprovenant.data-dir=" + dataDir));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", APP_JAR.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        builder.environment().remove("QUARKUS_NEO4J_URI");
        Files.writeString(log, "$ " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
        Process process = builder.start();
        synchronized (STARTED) {
            STARTED.add(process.toHandle());
        }
        return process;
    }

    private static Integer readyStatus(int port) {
        try {
            return Api.as(null).baseUri("http://127.0.0.1").port(port).when().get("/q/health/ready").statusCode();
        } catch (Exception notListeningYet) {
            return null;
        }
    }

    /**
     * SIGTERM, as a service manager or Ctrl-C would send; the app must exit within 60 s and its Neo4j and
     * PostgreSQL processes (captured before stopping) must be gone within 30 s after that. PostgreSQL must have
     * shut down cleanly (no postmaster.pid left) and only after Quarkus had stopped using it.
     */
    private static void stopAndAssertServersGone(RunningApp app, List<ProcessHandle> servers, Path dataDir)
            throws Exception {
        assertFalse(servers.isEmpty());
        app.process().destroy();
        if (!app.process().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            fail("The app (pid " + app.pid() + ") did not exit within " + STOP_TIMEOUT.toSeconds()
                    + " s of SIGTERM. Log " + app.log() + ":\n" + tail(app.log()));
        }
        long deadline = System.nanoTime() + CHILDREN_GONE_TIMEOUT.toNanos();
        List<ProcessHandle> alive = servers.stream().filter(ProcessHandle::isAlive).toList();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            alive = alive.stream().filter(ProcessHandle::isAlive).toList();
        }
        assertTrue(alive.isEmpty(), "Still running " + CHILDREN_GONE_TIMEOUT.toSeconds() + " s after the app (pid "
                + app.pid() + ", exit code " + app.process().exitValue() + ") stopped: " + describe(alive)
                + ". Log " + app.log() + ":\n" + tail(app.log()));
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        assertFalse(Files.exists(pidFile), pidFile + " is left behind: PostgreSQL did not shut down cleanly. Log "
                + app.log() + ":\n" + tail(app.log()));
        assertPostgresStoppedAfterQuarkus(app.log());
    }

    /**
     * On SIGTERM all JVM shutdown hooks run at once; the embedded PostgreSQL must not be stopped (by a hook of
     * its own) while Quarkus is still stopping and using it. Once Quarkus has stopped, nothing more is logged,
     * so any PostgreSQL shutdown line in the log must come after Quarkus's "stopped in" line.
     */
    private static void assertPostgresStoppedAfterQuarkus(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        int quarkusStopped = -1;
        int postgresStopping = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (quarkusStopped < 0 && line.contains("[io.quarkus]") && line.contains(" stopped in ")) {
                quarkusStopped = i;
            }
            if (postgresStopping < 0 && (line.contains("received fast shutdown request")
                    || line.contains("shut down postmaster")
                    || line.contains("terminating connection due to administrator command"))) {
                postgresStopping = i;
            }
        }
        if (postgresStopping >= 0 && (quarkusStopped < 0 || postgresStopping < quarkusStopped)) {
            fail("PostgreSQL was stopped while Quarkus was still stopping (line " + (postgresStopping + 1) + ": "
                    + lines.get(postgresStopping) + "; Quarkus stopped: "
                    + (quarkusStopped < 0 ? "never logged" : "line " + (quarkusStopped + 1)) + "). Log " + log + ":\n"
                    + tail(log));
        }
    }

    /**
     * The app's server processes: all its descendants (the Neo4j JVM among them) and PostgreSQL's postmaster
     * with its backends. pg_ctl daemonizes the postmaster, so it is normally not a descendant of the app;
     * it is found through {@code postmaster.pid} in the data directory.
     */
    private static List<ProcessHandle> serverProcesses(RunningApp app, Path dataDir) throws IOException {
        Map<Long, ProcessHandle> found = new LinkedHashMap<>();
        app.process().descendants().forEach(p -> found.put(p.pid(), p));
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (Files.isRegularFile(pidFile)) {
            long postmasterPid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(postmasterPid).ifPresent(postmaster -> {
                found.putIfAbsent(postmaster.pid(), postmaster);
                postmaster.descendants().forEach(p -> found.putIfAbsent(p.pid(), p));
            });
        }
        List<ProcessHandle> servers = new ArrayList<>(found.values());
        synchronized (STARTED) {
            STARTED.addAll(servers);
        }
        System.out.println("App pid " + app.pid() + " server processes: " + describe(servers));
        return servers;
    }

    @AfterAll
    static void cleanUp() {
        List<ProcessHandle> all;
        synchronized (STARTED) {
            all = new ArrayList<>(STARTED);
            STARTED.clear();
        }
        for (ProcessHandle process : all) {
            if (process.isAlive()) {
                System.out.println("Killing leftover process " + describe(List.of(process)));
                process.destroyForcibly();
            }
        }
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    private static void assertHealthUp(RunningApp app) {
        Response health = Api.as(null).baseUri("http://127.0.0.1").port(app.port()).when().get("/q/health");
        assertEquals(200, health.statusCode(), health.asString());
        assertEquals("UP", health.jsonPath().getString("status"), health.asString());
    }

    private static JsonPath graphql(RunningApp app, String query, Map<String, ?> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        Response response = given().baseUri("http://127.0.0.1").port(app.port())
                .contentType(ContentType.JSON).body(body)
                .when().post("/graphql");
        assertEquals(200, response.statusCode(), response.asString());
        JsonPath json = response.jsonPath();
        assertNull(json.get("errors"), "GraphQL errors: " + response.asString());
        return json;
    }

    // ---- Processes ----------------------------------------------------------------------------------------------

    private static boolean isNeo4j(ProcessHandle process) {
        return commandLine(process).contains(NEO4J_MAIN);
    }

    private static String commandLine(ProcessHandle process) {
        Optional<String> fromInfo = process.info().commandLine();
        if (fromInfo.isPresent()) {
            return fromInfo.get();
        }
        try { // /proc/<pid>/cmdline: arguments separated by NUL
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
        } catch (IOException e) {
            return process.info().command().orElse("?");
        }
    }

    /** Resident set size in MB (VmRSS of /proc/<pid>/status); 0 if the process is gone. */
    private static long rssMb(ProcessHandle process) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
                    .findFirst().orElse(0L);
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> {
            String cmd = commandLine(p);
            return p.pid() + " [" + (cmd.length() > 120 ? cmd.substring(0, 120) + "…" : cmd) + "]";
        }).collect(Collectors.joining(", ", "{", "}"));
    }

    // ---- Files and ports ---------------------------------------------------------------------------------------

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("Could not delete " + dir + ": " + e);
        }
    }
}
