package io.provenant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Proves the benchmark harness (bench/, its own Maven module) works, without timing anything: builds it with the
 * project's wrapper (into target/bench-harness), runs it at the tiny size against the packaged app (its own embedded
 * servers under target/bench-it/runs/), and checks the outputs: the table's rows, the result JSON's fields, the counts of registered
 * artifacts against the generator's, the planted leaks found, the raw baseline cleaned up, the JSONL and a non-empty
 * PNG. The peer (@neo4j/graphql) is installed with {@code npm ci} and checked when npm is on the PATH.
 *
 * <p>Runs in failsafe's {@code integration-test} phase, after {@code package}; working directory = project root.
 */
class BenchHarnessIT {

    private static final Path RESULTS = Path.of("target", "bench-it", "results");
    private static final Path JSONL = Path.of("target", "bench-it", "loop.jsonl");

    @Test
    void tinyRunProducesTableJsonAndPlot() throws Exception {
        Files.deleteIfExists(Path.of("target", "bench-it", "commands.log"));
        Path harness = Path.of("target", "bench-harness").toAbsolutePath();
        assertEquals(0, run(Path.of("."), 300, wrapper(), "-B", "-q", "-f", "bench/pom.xml", "package",
                "-Dbench.buildDirectory=" + harness), "the harness builds");
        boolean peer = Files.isDirectory(Path.of("bench/peer/node_modules")) || (onPath("npm")
                && run(Path.of("bench/peer"), 300, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error") == 0);
        deleteTree(RESULTS);
        Files.createDirectories(RESULTS);
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-jar", harness.resolve("provenant-bench.jar").toString(),
                "--repo", Path.of(".").toAbsolutePath().normalize().toString(), "--size", "tiny", "--repeats", "1", "--measure-seconds", "1",
                "--results", RESULTS.toString(), "--work", Path.of("target", "bench-it", "runs").toString(), "--jsonl", JSONL.toString()));
        if (!peer) {
            command.add("--no-peer");
        }
        assertEquals(0, run(Path.of("."), 600, command.toArray(String[]::new)), "the harness exits 0");

        Path json;
        try (Stream<Path> files = Files.list(RESULTS)) {
            json = files.filter(p -> p.toString().endsWith("-tiny.json")).findFirst().orElseThrow();
        }
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals(500, r.path("events").asInt());
        for (String method : new String[] {"api", "raw", "rawJournal"}) {
            assertTrue(r.at("/ingest/" + method + "/eventsPerSecond").asDouble() > 0, method + " throughput: " + r.path("ingest"));
        }
        assertTrue(r.at("/ingest/ratioApiToRawJournal").isNumber());
        // the raw nodes carry the app's range indexes (its migrations put eight on artifacts and feedback)
        List<String> indexes = new ArrayList<>();
        r.at("/ingest/rawGraphIndexes").forEach(index -> indexes.add(index.asText()));
        assertTrue(indexes.containsAll(List.of("bench_raw_artifact_seq", "bench_raw_feedback_item", "bench_raw_feedback_prompt_digest")),
                "indexes mirrored on the raw labels: " + indexes);
        assertEquals(4, r.path("questions").size());
        for (JsonNode q : r.path("questions")) {
            assertTrue(q.at("/api/p50Ms").asDouble() > 0 && q.at("/cypher/p95Ms").asDouble() > 0, q.toString());
            assertTrue(q.path("ratioP50").isNumber(), q.toString());
            // one pair is the repeats asked for; a second of pairs of tiny questions (milliseconds each) is more
            assertEquals(q.at("/api/n").asInt(), q.at("/cypher/n").asInt(), "API and Cypher timed in pairs: " + q);
            assertTrue(q.at("/api/n").asInt() > 1, "timed until --measure-seconds passed, not only the repeats: " + q);
            assertTrue(q.at("/warmUp/rounds").asInt() >= 1, "at least min(2, repeats) unmeasured rounds: " + q);
            assertTrue(q.path("appJitPercentMeasured").isNumber() && q.path("appJitPercentMeasured").asDouble() >= 0, q.toString());
        }
        assertTrue(r.at("/counts/equal").asBoolean(), "registered artifacts equal the generator's: " + r.path("counts"));
        assertEquals(r.at("/counts/expected/feedback").asLong(), r.at("/counts/registered/feedback").asLong());
        assertEquals(r.at("/loop/leaksPlanted").asLong(), r.path("contaminationLeaked").asLong(), "contamination finds the planted leaks");
        assertEquals(0, r.path("rawNodesLeft").asLong(), "the raw baseline cleans up after itself");
        assertTrue(r.at("/memory/appPeakRssMbDuringIngest").asLong() > 0 && r.at("/memory/neo4jPeakRssMbDuringIngest").asLong() > 0);
        assertTrue(r.at("/profile/executionSamples").asLong() >= 0);
        assertEquals(peer, r.at("/peer/run").asBoolean(), "peer: " + r.path("peer"));
        if (peer) {
            assertTrue(r.at("/peer/peerTiming/p50Ms").asDouble() > 0);
        }
        String table = r.path("table").asText();
        for (String row : new String[] {"| ingest, events/s: API vs raw driver + journal |", "| releaseProvenance(latest release), p50",
            "| lineage(latest release, UPSTREAM, depth 10), p50", "| impact(reviewer), p50", "| contamination(final checkpoint), p50",
            "| releaseProvenance", "| app peak RSS during ingest", "| Neo4j peak RSS during ingest"}) {
            assertTrue(table.contains(row), "table row '" + row + "' in:\n" + table);
        }

        byte[] png = Files.readAllBytes(RESULTS.resolve("growth.png"));
        assertTrue(png.length > 1000, "growth.png is not empty");
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));

        List<String> lines = Files.readAllLines(JSONL, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).contains("\"mutation\":\"registerPolicy\""), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("{\"mutation\":\"recordFeedback\"")));
        assertTrue(lines.get(lines.size() - 1).contains("\"mutation\":\"registerRelease\""));
    }

    private static String wrapper() {
        return Path.of("mvnw").toAbsolutePath().toString();
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    /**
     * Runs a command with its output appended to target/bench-it/commands.log (not inherited: a forked test JVM's
     * own stdout is failsafe's channel); returns its exit code, printing the log's tail when it is not 0.
     */
    private static int run(Path dir, int timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = Path.of("target", "bench-it", "commands.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s (see " + log + ")");
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            System.out.println(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
        return process.exitValue();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
