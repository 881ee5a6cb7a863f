package io.provenant.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The project's own real Neo4j 5.26 server (built from {@code neo4j-server/}) in a separate JVM.
 *
 * <p>The child is started with {@code --exit-on-stdin-eof}: it stops when this JVM stops, however it stops.
 */
public final class EmbeddedNeo4j implements AutoCloseable {

    private static final String READY = "PROVENANT-NEO4J READY ";
    private static final String MAIN_CLASS = "io.provenant.neo4jserver.Neo4jServer";

    private final Process process;
    private final int boltPort;

    private EmbeddedNeo4j(Process process, int boltPort) {
        this.process = process;
        this.boltPort = boltPort;
    }

    /**
     * Starts a server with its store under {@code home} and waits until Bolt accepts connections.
     *
     * @param serverDir the launcher's build output ({@code neo4j-server/target}: the jar and {@code lib/})
     * @param boltPort  0 picks a free port
     */
    public static EmbeddedNeo4j start(Path serverDir, Path home, int boltPort, String heap, String pageCache) {
        Path jar = serverDir.resolve("neo4j-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The embedded Neo4j server is not built: " + jar.toAbsolutePath()
                    + " is missing. Build it with `./mvnw -f neo4j-server/pom.xml package` (the app's build does this).");
        }
        int port = boltPort == 0 ? FreePort.pick() : boltPort;
        String javaBinary = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaBinary, "-Xmx" + heap, "-XX:+UseSerialGC",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/java.io=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", jar.toAbsolutePath() + java.io.File.pathSeparator + serverDir.toAbsolutePath().resolve("lib") + "/*",
                MAIN_CLASS, "--home", home.toAbsolutePath().toString(), "--bolt-port", Integer.toString(port),
                "--page-cache", pageCache, "--exit-on-stdin-eof"));
        try {
            Files.createDirectories(home);
            Path consoleLog = home.resolve("console.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Deque<String> tail = new ArrayDeque<>();
            Thread pump = new Thread(() -> pump(process, consoleLog, ready, tail), "neo4j-console");
            pump.setDaemon(true);
            pump.start();
            try {
                ready.get(180, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
                synchronized (tail) {
                    throw new IllegalStateException("Embedded Neo4j did not start (see " + consoleLog + "). Last output:\n"
                            + String.join("\n", tail), e);
                }
            }
            return new EmbeddedNeo4j(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Neo4j server.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting Neo4j.", e);
        }
    }

    private static void pump(Process process, Path consoleLog, CompletableFuture<Void> ready, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(consoleLog, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.println(line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                }
                if (line.startsWith(READY)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("Neo4j closed its output before it was ready."));
    }

    public String boltUri() {
        return "bolt://127.0.0.1:" + boltPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server cleanly (closing its stdin) and waits for it; kills it after 60 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
