package io.provenant.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The benchmark harness ({@code bench/run.sh --size S|M|L}): starts the packaged app on a free port with fresh
 * embedded servers, drives the synthetic loop through the API, and measures in this one run, on these servers:
 * ingest (API vs raw driver vs raw driver + journal, interleaved batch by batch), the lineage questions (API vs
 * hand-written Cypher, interleaved), the peer (@neo4j/graphql over the same Neo4j), memory (RSS of the app and of
 * Neo4j), then, in a pass of its own, where the app's CPU goes during ingest (JFR). Prints a table and writes {@code <results>/<timestamp>-<size>.json},
 * then redraws {@code <results>/growth.png} from the latest result of every size.
 */
public final class BenchMain {

    static final Map<String, Integer> SIZES = Map.of("tiny", 500, "S", 10_000, "M", 100_000, "L", 1_000_000);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /**
     * The app's JVM: a 256 MB heap with the serial collector (the app is one request at a time per batch; at M it
     * kept the app's peak RSS at ~550 MB against ~830 MB with -Xmx512m and G1, at the same ingest rate), a smaller code
     * cache, a bounded direct memory (Netty), and the C heap given back to the system every 2 s (glibc keeps what the
     * JVM and its libraries freed: jcmd System.trim_native_heap returned 72 MB of a 532 MB RSS after an M ingest).
     * No per-thread cache of NIO's temporary direct buffers above 256 KB: the embedded PostgreSQL's first start
     * unpacks its binaries with AsynchronousFileChannel writes, and the JDK pool thread that wrote the 27 MB ICU data
     * library kept a 27 MB direct copy until it idled out a minute later, into the first tenth of ingest (Native
     * Memory Tracking, "Other": 28.9 MB without the setting, 1.1 MB with it). AppProcess also sets MALLOC_ARENA_MAX=2.
     */
    static final String DEFAULT_APP_JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m"
            + " -Djdk.nio.maxCachedBufferSize=262144 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=2000";

    /** Command line: --size, --repo, --results, --repeats, --measure-seconds, --warm-up-seconds, --batch, --seed, --no-peer, --jsonl, --app-java-opts. */
    record Options(String size, int events, Path repo, Path results, Path work, int repeats, double measureSeconds, double warmUpSeconds,
            double warmUpMaxSeconds, int batch, long seed, boolean peer,
            Path jsonl, List<String> appJavaOptions, boolean plotOnly) {

        static Options parse(String[] args) {
            Map<String, String> a = new TreeMap<>();
            for (int i = 0; i < args.length; i++) {
                String key = args[i];
                if (key.equals("--no-peer") || key.equals("--plot-only")) {
                    a.put(key, "true");
                } else if (key.startsWith("--") && i + 1 < args.length) {
                    a.put(key, args[++i]);
                } else {
                    throw new IllegalArgumentException("Unknown argument '" + key + "'. Use --size tiny|S|M|L [--events N]"
                            + " [--repeats N] [--measure-seconds S] [--warm-up-seconds S] [--warm-up-max-seconds S] [--batch N] [--seed N] [--results DIR] [--work DIR] [--repo DIR] [--no-peer] [--jsonl FILE]"
                            + " [--app-java-opts \"...\"] [--plot-only].");
                }
            }
            String size = a.getOrDefault("--size", "S");
            if (!SIZES.containsKey(size) && !a.containsKey("--events")) {
                throw new IllegalArgumentException("--size must be tiny, S, M or L (or give --events), not '" + size + "'.");
            }
            int events = Integer.parseInt(a.getOrDefault("--events", Integer.toString(SIZES.getOrDefault(size, 0))));
            Path repo = Path.of(a.getOrDefault("--repo", ".")).toAbsolutePath().normalize();
            boolean tiny = events < 5_000;
            return new Options(size, events, repo, Path.of(a.getOrDefault("--results", repo.resolve("bench/results").toString())),
                    Path.of(a.getOrDefault("--work", repo.resolve("bench/target/runs").toString())).toAbsolutePath(),
                    Integer.parseInt(a.getOrDefault("--repeats", tiny || events >= SIZES.get("L") ? "3" : "20")),
                    Double.parseDouble(a.getOrDefault("--measure-seconds", tiny ? "0" : "5")),
                    Double.parseDouble(a.getOrDefault("--warm-up-seconds", tiny ? "0" : "5")),
                    Double.parseDouble(a.getOrDefault("--warm-up-max-seconds", tiny ? "0" : "60")),
                    Integer.parseInt(a.getOrDefault("--batch", tiny ? "250" : "5000")),
                    Long.parseLong(a.getOrDefault("--seed", "42")), !a.containsKey("--no-peer"),
                    a.containsKey("--jsonl") ? Path.of(a.get("--jsonl")) : null,
                    List.of(a.getOrDefault("--app-java-opts", DEFAULT_APP_JAVA_OPTS).trim().split("\\s+")), a.containsKey("--plot-only"));
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(options.results());
        if (args.length == 2 && args[0].equals("--reprofile")) {
            reprofile(Path.of(args[1]));
            return;
        }
        if (options.plotOnly()) {
            System.out.println("plot: " + GrowthPlot.draw(options.results()));
            return;
        }
        Path json = run(options);
        System.out.println("results: " + json);
        System.out.println("plot: " + GrowthPlot.draw(options.results()));
    }

    static Path run(Options options) throws Exception {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Path runDir = options.work().resolve(stamp + "-" + options.size());
        Files.createDirectories(runDir);
        SyntheticLoop loop = new SyntheticLoop(options.events(), options.seed());
        if (options.jsonl() != null) {
            loop.writeJsonl(options.jsonl(), options.batch());
            log("wrote the loop as JSONL to %s", options.jsonl());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("timestamp", stamp);
        result.put("size", options.size());
        result.put("events", options.events());
        result.put("seed", options.seed());
        result.put("batch", options.batch());
        result.put("repeats", options.repeats());
        result.put("measureSeconds", options.measureSeconds());
        result.put("warmUpSeconds", options.warmUpSeconds());
        result.put("warmUpMaxSeconds", Math.max(options.warmUpSeconds(), options.warmUpMaxSeconds()));
        result.put("runDir", runDir.toString());
        result.put("loadAverageAtStart", loadAverage());
        result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version"), "os", System.getProperty("os.name") + " " + System.getProperty("os.version")));

        List<String> jvm = new ArrayList<>(options.appJavaOptions());
        result.put("appJavaOptions", jvm);
        log("starting the app (data under %s)", runDir);
        try (AppProcess app = AppProcess.start(options.repo(), runDir, jvm);
             Driver driver = GraphDatabase.driver(app.boltUri(), AuthTokens.none());
             ProcessSampler sampler = new ProcessSampler(app.pid(), app.neo4jPid())) {
            log("app at %s (pid %d); Neo4j %s (pid %d); PostgreSQL %s", app.graphqlUrl(), app.pid(), app.boltUri(), app.neo4jPid(),
                    app.jdbcUrl());
            result.put("servers", Map.of("neo4j", app.boltUri(), "postgresql", app.jdbcUrl(),
                    "note", "the app's own embedded Neo4j 5.26 and PostgreSQL 17; baselines write :BenchRaw nodes and schema bench_raw there"));
            GraphQLClient api = new GraphQLClient(app.graphqlUrl());

            // 1. the loop, with the feedback ingest measured against the raw baselines
            sampler.phase("setup", false);
            long t = System.nanoTime();
            List<String> targets = new ArrayList<>();
            for (SyntheticLoop.Step s : loop.preamble()) {
                register(api, s);
                targets.add(s.ref());
            }
            log("registered %d policies, rubrics, reviewers and calibrations in %.1f s", targets.size(), (System.nanoTime() - t) / 1e9);
            Map<String, Object> ingest;
            try (RawBaseline raw = new RawBaseline(driver, app.jdbcUrl(), 5_000)) {
                raw.setUp(targets);
                sampler.phase("ingest", true);
                ingest = ingest(loop, options.batch(), api, raw, app);
                sampler.phase("after-ingest", false);
                try {
                    long cleanUp = System.nanoTime();
                    raw.cleanUp();
                    log("removed the raw baselines' nodes, indexes and journal in %.1f s", (System.nanoTime() - cleanUp) / 1e9);
                } catch (RuntimeException | java.sql.SQLException e) {
                    // the measurements so far stand; rawNodesLeft below says what was left
                    result.put("rawCleanUpError", e.getMessage());
                    log("removing the raw baseline failed (the run goes on): %s", e.getMessage());
                }
            }
            long[] ingestPeak = sampler.peak("ingest");
            result.put("ingest", ingest);

            t = System.nanoTime();
            List<SyntheticLoop.Step> review = loop.review();
            for (SyntheticLoop.Step s : review) {
                register(api, s);
            }
            long members = 0;
            for (SyntheticLoop.DatasetPlan d : loop.datasets()) {
                register(api, d.registration());
                for (int from = 0; from < d.members().size(); from += 10_000) {
                    api.execute("mutation($d: String!, $m: [String!]!) { addDatasetMembers(dataset: $d, members: $m) { memberCount } }",
                            Map.of("d", d.ref(), "m", d.members().subList(from, Math.min(d.members().size(), from + 10_000))));
                }
                members += d.members().size();
                api.execute("mutation($d: String!) { sealDataset(dataset: $d) { ref } }", Map.of("d", d.ref()));
            }
            List<SyntheticLoop.Step> chain = loop.chain();
            for (SyntheticLoop.Step s : chain) {
                register(api, s);
            }
            double restSeconds = (System.nanoTime() - t) / 1e9;
            log("registered %d review artifacts, 5 datasets (%d members) and %d runs/checkpoints/evals/gates/releases in %.1f s",
                    review.size(), members, chain.size(), restSeconds);
            result.put("loop", Map.of("reviewArtifacts", review.size(), "datasetMembers", members, "chainArtifacts", chain.size(),
                    "seconds", Timing.round(restSeconds), "leaksPlanted", loop.leaks()));

            // counts of registered artifacts (Neo4j) against what the generator made
            Map<String, Long> expected = loop.expectedCounts();
            Map<String, Long> registered = new TreeMap<>();
            try (Session session = driver.session()) {
                for (Record r : session.run("MATCH (a:Artifact {project: $p}) RETURN a.kind AS kind, count(*) AS n",
                        Map.of("p", SyntheticLoop.PROJECT)).list()) {
                    registered.put(r.get("kind").asString(), r.get("n").asLong());
                }
                long rawLeft = session.run("MATCH (n:BenchRaw) RETURN count(n) AS n").single().get("n").asLong();
                result.put("rawNodesLeft", rawLeft);
            }
            result.put("counts", Map.of("expected", expected, "registered", registered, "equal", expected.equals(registered)));

            // 2. questions: API vs hand-written Cypher
            sampler.phase("questions", false);
            Questions questions = new Questions(api, driver, app.jdbcUrl());
            List<Questions.Question> list = questions.questions(loop);
            JsonNode contamination = questions.answer(list.get(3));
            long leaked = 0;
            for (JsonNode d : contamination.path("contamination").path("evalDatasets")) {
                leaked += d.path("leaked").asLong();
            }
            result.put("contaminationLeaked", leaked);
            log("timing %d questions, %d repetitions each and more until %.0f s (API and Cypher interleaved)", list.size(),
                    options.repeats(), options.measureSeconds());
            Map<String, Questions.Measured> timings = questions.measure(list, Math.min(2, options.repeats()), options.warmUpSeconds(),
                    Math.max(options.warmUpSeconds(), options.warmUpMaxSeconds()), () -> ProcessSampler.compilerCpuSeconds(app.pid()),
                    options.repeats(), options.measureSeconds());
            questions.close();
            List<Map<String, Object>> qs = new ArrayList<>();
            timings.forEach((name, m) -> {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("question", name);
                q.put("api", m.api().json());
                q.put("cypher", m.cypher().json());
                q.put("ratioP50", Timing.round(100 * m.api().p50() / m.cypher().p50()) / 100);
                q.put("ratioP95", Timing.round(100 * m.api().p95() / m.cypher().p95()) / 100);
                q.put("warmUp", m.warmUp().json());
                q.put("appJitPercentMeasured", Timing.round(100 * m.jitShare()));
                qs.add(q);
            });
            result.put("questions", qs);

            // 3. the peer
            sampler.phase("peer", false);
            result.put("peer", options.peer() ? Peer.measure(options.repo(), app.boltUri(), api, list.get(0), loop, options.repeats(),
                    options.warmUpSeconds(), runDir)
                    : Map.of("run", false, "reason", "--no-peer"));

            // 4. memory
            long appHwm = ProcessSampler.status(app.pid(), "VmHWM");
            long neoHwm = ProcessSampler.status(app.neo4jPid(), "VmHWM");
            Map<String, Object> memory = new LinkedHashMap<>();
            memory.put("appPeakRssMbDuringIngest", ingestPeak[0] / 1024);
            memory.put("neo4jPeakRssMbDuringIngest", ingestPeak[1] / 1024);
            memory.put("appVmHwmMb", appHwm / 1024);
            memory.put("neo4jVmHwmMb", neoHwm / 1024);
            memory.put("appRssMbByIngestDecile", deciles(sampler.series(), true));
            memory.put("neo4jRssMbByIngestDecile", deciles(sampler.series(), false));
            result.put("memory", memory);

            // 5. where the time goes: a profiled ingest after everything above was measured, so that the flight
            // recorder's own memory (20-40 MB) and CPU are in none of those figures
            sampler.phase("profile", false);
            result.put("profile", profile(loop, options.batch(), api, app, runDir.resolve("app.jfr")));
            sampler.phase("stop", false);
        }
        result.put("loadAverageAtEnd", loadAverage());
        String table = Report.table(result);
        result.put("table", table);
        Path out = options.results().resolve(stamp + "-" + options.size() + ".json");
        JSON.writeValue(out.toFile(), result);
        System.out.println();
        System.out.println(table);
        System.out.println(Report.profile(result));
        return out;
    }

    /** Summarizes a run's app.jfr again into its result JSON (--reprofile RESULT.json; the run dir is in bench/target/runs). */
    @SuppressWarnings("unchecked")
    private static void reprofile(Path resultFile) throws Exception {
        Map<String, Object> result = JSON.readValue(resultFile.toFile(), LinkedHashMap.class);
        Map<String, Object> profile = (Map<String, Object>) result.get("profile");
        Map<String, Object> window = (Map<String, Object>) profile.get("window");
        Path jfr = Path.of((String) result.get("runDir")).resolve("app.jfr");
        result.put("profile", FlightProfile.summarize(jfr, Instant.parse((String) window.get("from")), Instant.parse((String) window.get("to"))));
        JSON.writeValue(resultFile.toFile(), result);
        System.out.println(Report.profile(result));
    }

    /**
     * A tenth of the loop's events again (at least 2,000, at most 20,000; new keys), through the API only, while JFR
     * records (started and stopped with jcmd): the app's CPU by component during ingest, and its GC pauses.
     */
    private static Map<String, Object> profile(SyntheticLoop loop, int batch, GraphQLClient api, AppProcess app, Path jfr)
            throws Exception {
        int events = Math.min(loop.events(), Math.max(2_000, Math.min(20_000, loop.events() / 10)));
        jcmd(app.pid(), "JFR.start", "name=bench", "settings=profile");
        Instant from = Instant.now();
        for (int first = 0; first < events; first += batch) {
            List<Map<String, Object>> batchEvents = new ArrayList<>();
            for (int n = first; n < Math.min(events, first + batch); n++) {
                batchEvents.add(loop.profileEvent(n));
            }
            api.execute("mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { created } }",
                    Map.of("events", batchEvents));
        }
        Instant to = Instant.now();
        jcmd(app.pid(), "JFR.stop", "name=bench", "filename=" + jfr);
        log("profiled an ingest of %d more events in %.1f s", events, Duration.between(from, to).toMillis() / 1e3);
        Map<String, Object> profile = FlightProfile.summarize(jfr, from, to);
        profile.put("events", events);
        return profile;
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || output.contains("Could not") || output.contains("Exception")) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }

    /** Feedback in batches, each batch through the API, the raw driver and raw driver + journal (rotating order). */
    private static Map<String, Object> ingest(SyntheticLoop loop, int batch, GraphQLClient api, RawBaseline raw, AppProcess app)
            throws Exception {
        String mutation = "mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { accepted created } }";
        long apiNanos = 0;
        long rawNanos = 0;
        long journalNanos = 0;
        double[] cpu = new double[3];
        long created = 0;
        int batches = 0;
        long lastLog = System.nanoTime();
        for (int from = 0; from < loop.events(); from += batch) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = from; i < Math.min(loop.events(), from + batch); i++) {
                events.add(loop.event(i));
            }
            String body = GraphQLClient.body(mutation, Map.of("events", events));
            List<Map<String, Object>> rows = raw.nodeRows(events, Instant.now());
            for (int k = 0; k < 3; k++) {
                switch ((batches + k) % 3) {
                    case 0 -> {
                        double[] before = cpu(app);
                        long t = System.nanoTime();
                        JsonNode data = api.send(body);
                        apiNanos += System.nanoTime() - t;
                        double[] after = cpu(app);
                        for (int c = 0; c < 3; c++) {
                            cpu[c] += after[c] - before[c];
                        }
                        created += data.path("recordFeedback").path("created").asLong();
                    }
                    case 1 -> {
                        long t = System.nanoTime();
                        raw.writeGraph(rows);
                        rawNanos += System.nanoTime() - t;
                    }
                    default -> {
                        long t = System.nanoTime();
                        raw.writeJournalAndGraph(events);
                        journalNanos += System.nanoTime() - t;
                    }
                }
            }
            batches++;
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(30)) {
                log("ingest: %d / %d events (API %.0f/s, raw %.0f/s, raw+journal %.0f/s)", from + events.size(), loop.events(),
                        (from + events.size()) / (apiNanos / 1e9), (from + events.size()) / (rawNanos / 1e9),
                        (from + events.size()) / (journalNanos / 1e9));
                lastLog = System.nanoTime();
            }
        }
        if (created != loop.events()) {
            throw new IllegalStateException("recordFeedback created " + created + " events, the loop has " + loop.events() + ".");
        }
        Map<String, Object> ingest = new LinkedHashMap<>();
        ingest.put("events", loop.events());
        ingest.put("batches", batches);
        ingest.put("api", rate(loop.events(), apiNanos));
        ingest.put("raw", rate(loop.events(), rawNanos));
        ingest.put("rawJournal", rate(loop.events(), journalNanos));
        ingest.put("ratioApiToRawJournal", Timing.round(100.0 * journalNanos / apiNanos) / 100);
        ingest.put("ratioApiToRaw", Timing.round(100.0 * rawNanos / apiNanos) / 100);
        ingest.put("rawGraphIndexes", raw.mirroredIndexes());
        ingest.put("apiCpuSeconds", Map.of("app", Timing.round(cpu[0]), "neo4j", Timing.round(cpu[1]), "postgresql", Timing.round(cpu[2]),
                "wall", Timing.round(apiNanos / 1e9)));
        log("ingest done: API %.0f events/s, raw %.0f, raw+journal %.0f", loop.events() / (apiNanos / 1e9),
                loop.events() / (rawNanos / 1e9), loop.events() / (journalNanos / 1e9));
        return ingest;
    }

    private static double[] cpu(AppProcess app) {
        return new double[] {ProcessSampler.cpuSeconds(app.pid(), false), ProcessSampler.cpuSeconds(app.neo4jPid(), false),
            ProcessSampler.postgresCpuSeconds(app.postgresPid())};
    }

    private static Map<String, Object> rate(int events, long nanos) {
        return Map.of("seconds", Timing.round(nanos / 1e9), "eventsPerSecond", Math.round(events / (nanos / 1e9)));
    }

    private static List<Long> deciles(List<ProcessSampler.Sample> series, boolean app) {
        List<Long> out = new ArrayList<>();
        if (series.isEmpty()) {
            return out;
        }
        for (int d = 1; d <= 10; d++) {
            int from = (d - 1) * series.size() / 10;
            int to = Math.max(from + 1, d * series.size() / 10);
            long max = 0;
            for (int i = from; i < Math.min(to, series.size()); i++) {
                max = Math.max(max, app ? series.get(i).appKb() : series.get(i).neo4jKb());
            }
            out.add(max / 1024);
        }
        return out;
    }

    /** /proc/loadavg's 1, 5 and 15 minute figures: how busy the shared machine was (2 cores). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static void register(GraphQLClient api, SyntheticLoop.Step step) {
        api.execute("mutation($input: " + step.inputType() + "!) { " + step.mutation() + "(input: $input) { created } }",
                Map.of("input", step.input()));
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench %tT] " + format + "%n", prepend(java.time.LocalTime.now(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
