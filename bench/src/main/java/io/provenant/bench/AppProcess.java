package io.provenant.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged app ({@code target/quarkus-app/quarkus-run.jar}) on a free port, with its embedded Neo4j (a child JVM)
 * and PostgreSQL under the run's data directory. Their Bolt and JDBC endpoints and the Neo4j pid are read from the
 * app's log, so the baselines use the very same servers.
 */
public final class AppProcess implements AutoCloseable {

    private static final Pattern POSTGRES = Pattern.compile("Embedded PostgreSQL 17 at (jdbc:postgresql://\\S+)");
    private static final Pattern NEO4J = Pattern.compile("Embedded Neo4j 5\\.26 at (bolt://\\S+) \\(data: .*, pid (\\d+)\\)");

    private final Process process;
    private final int port;
    private final Path dataDir;
    private volatile String jdbcUrl;
    private volatile String boltUri;
    private volatile long neo4jPid;

    private AppProcess(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts the app and waits (up to 5 minutes) until it is ready. */
    public static AppProcess start(Path repo, Path runDir, List<String> jvmOptions) throws IOException, InterruptedException {
        if (!Files.exists(repo.resolve("target/quarkus-app/quarkus-run.jar")) || !Files.exists(repo.resolve("neo4j-server/target/neo4j-server.jar"))) {
            throw new IllegalStateException("The packaged app is missing: build it first (./mvnw -B -DskipTests package).");
        }
        // A snapshot of the build, so a build running meanwhile (e.g. the test suite) cannot change the jars under the app.
        Path snapshot = runDir.resolve("app");
        copyTree(repo.resolve("target/quarkus-app"), snapshot.resolve("quarkus-app"));
        copyTree(repo.resolve("neo4j-server/target/lib"), snapshot.resolve("neo4j-server/lib"));
        Files.copy(repo.resolve("neo4j-server/target/neo4j-server.jar"), snapshot.resolve("neo4j-server/neo4j-server.jar"));
        Path jar = snapshot.resolve("quarkus-app/quarkus-run.jar");
        int port = freePort();
        Path dataDir = runDir.resolve("data");
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        // The app needs a bearer token on /graphql: the harness brings its own admin token (random per run).
        command.add("-Dprovenant.security.bootstrap-token=" + TOKEN);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("PROVENANT_DATA_DIR", dataDir.toString());
        // glibc's per-thread malloc arenas (64 MB each, up to 8 per core) add resident memory outside the JVM's view.
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        builder.environment().put("PROVENANT_EMBEDDED_NEO4J_SERVER_DIR", snapshot.resolve("neo4j-server").toString());
        builder.environment().remove("QUARKUS_NEO4J_URI");
        builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        AppProcess app = new AppProcess(builder.start(), port, dataDir);
        Path log = runDir.resolve("app.log");
        Thread pump = new Thread(() -> app.pump(log), "app-log");
        pump.setDaemon(true);
        pump.start();
        app.awaitReady(Duration.ofMinutes(5));
        return app;
    }

    private void pump(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                Matcher pg = POSTGRES.matcher(line);
                if (pg.find()) {
                    jdbcUrl = pg.group(1);
                }
                Matcher neo = NEO4J.matcher(line);
                if (neo.find()) {
                    boltUri = neo.group(1);
                    neo4jPid = Long.parseLong(neo.group(2));
                }
            }
        } catch (IOException e) {
            // the app's output ended
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The app exited with " + process.exitValue() + " while starting (see app.log).");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && jdbcUrl != null && boltUri != null) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The app was not ready within " + timeout.toSeconds() + " s (see app.log).");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The admin token this run's app accepts (provenant.security.bootstrap-token); GraphQLClient sends it. */
    public static final String TOKEN = "pvt_bench-" + java.util.UUID.randomUUID().toString().replace("-", "")
            + java.util.UUID.randomUUID().toString().replace("-", "");

    public String graphqlUrl() {
        return "http://127.0.0.1:" + port + "/graphql";
    }

    public long pid() {
        return process.pid();
    }

    public long neo4jPid() {
        return neo4jPid;
    }

    /** The embedded PostgreSQL's postmaster pid (first line of its postmaster.pid), or -1. */
    public long postgresPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String boltUri() {
        return boltUri;
    }

    /** SIGTERM, so the app stops its embedded servers (and dumps its flight recording); forcibly after 90 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
