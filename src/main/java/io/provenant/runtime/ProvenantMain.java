package io.provenant.runtime;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.provenant.graph.RebuildGraphCommand;
import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts Provenant. Before Quarkus reads its configuration, starts the embedded Neo4j and PostgreSQL for
 * whatever is not configured (see README "Configuration"), and stops them after Quarkus has stopped.
 *
 * <p>On SIGTERM/Ctrl-C every JVM shutdown hook runs at once, Quarkus's among them; so the servers are stopped
 * by one hook of ours that first stops Quarkus (or waits for it to stop) and only then stops them, and no
 * hook of zonky's stops PostgreSQL behind the app's back.
 *
 * <p>{@code rebuild-graph} as the first argument runs {@link RebuildGraphCommand} in Quarkus command mode instead
 * of the service: same servers and configuration, HTTP on a random free port (it must not clash with a running
 * instance), and the process exits with the command's exit code.
 */
@QuarkusMain
public final class ProvenantMain {

    /** Longer than the servers' own start timeouts (Neo4j: 180 s). */
    private static final long STARTUP_WAIT_SECONDS = 240;

    private ProvenantMain() {
    }

    public static void main(String... args) {
        boolean rebuildGraph = args.length > 0 && RebuildGraphCommand.NAME.equals(args[0]);
        if (rebuildGraph) {
            System.setProperty("quarkus.http.port", "0"); // above QUARKUS_HTTP_PORT and application.properties
        }
        boolean startNeo4j = EmbeddedServers.setting("quarkus.neo4j.uri", System::getenv).isEmpty();
        boolean startPostgres = EmbeddedServers.setting("quarkus.datasource.jdbc.url", System::getenv).isEmpty();
        Path dataDir = Path.of(EmbeddedServers.setting("provenant.data-dir", System::getenv).orElse("data"));
        Path serverDir = Path.of(EmbeddedServers.setting("provenant.embedded.neo4j-server-dir", System::getenv)
                .orElse("neo4j-server/target"));
        String heap = EmbeddedServers.setting("provenant.embedded.neo4j-heap", System::getenv).orElse("512m");

        // Registered before anything starts: a SIGTERM during startup still stops what was started.
        CompletableFuture<EmbeddedServers> started = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAfterQuarkus(started), "embedded-servers-stop"));
        EmbeddedServers servers;
        try {
            servers = EmbeddedServers.startMissing(startNeo4j, startPostgres, dataDir, serverDir, heap, false, false);
        } catch (RuntimeException | Error e) {
            started.completeExceptionally(e); // startMissing has stopped whatever it had started
            throw e;
        }
        started.complete(servers);
        servers.config().forEach(System::setProperty);
        try {
            if (rebuildGraph) {
                Quarkus.run(RebuildGraphCommand.class, args);
            } else {
                Quarkus.run(args);
            }
        } finally {
            servers.close();
        }
    }

    /** The shutdown hook: Quarkus first (it uses the servers while it stops), then the servers. */
    private static void stopAfterQuarkus(CompletableFuture<EmbeddedServers> started) {
        EmbeddedServers servers;
        try {
            servers = started.get(STARTUP_WAIT_SECONDS, TimeUnit.SECONDS); // still starting: let it finish
        } catch (ExecutionException failedToStart) {
            return;
        } catch (TimeoutException | InterruptedException e) {
            return; // Neo4j stops by itself when this JVM is gone (stdin EOF)
        }
        Application quarkus = Application.currentApplication();
        if (quarkus != null) {
            try {
                quarkus.stop(); // returns once stopped, also when Quarkus's own hook is the one stopping it
            } catch (RuntimeException notStarted) {
                // never started, nothing of it uses the servers
            }
        }
        servers.close();
    }
}
