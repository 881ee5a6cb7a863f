package io.provenant.runtime;

import java.nio.file.Path;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts Provenant. Before Quarkus reads its configuration, starts the embedded Neo4j and PostgreSQL for
 * whatever is not configured (see README "Configuration"), and stops them after Quarkus has stopped.
 */
@QuarkusMain
public final class ProvenantMain {

    private ProvenantMain() {
    }

    public static void main(String... args) {
        boolean startNeo4j = EmbeddedServers.setting("quarkus.neo4j.uri", System::getenv).isEmpty();
        boolean startPostgres = EmbeddedServers.setting("quarkus.datasource.jdbc.url", System::getenv).isEmpty();
        Path dataDir = Path.of(EmbeddedServers.setting("provenant.data-dir", System::getenv).orElse("data"));
        Path serverDir = Path.of(EmbeddedServers.setting("provenant.embedded.neo4j-server-dir", System::getenv)
                .orElse("neo4j-server/target"));
        String heap = EmbeddedServers.setting("provenant.embedded.neo4j-heap", System::getenv).orElse("512m");

        EmbeddedServers servers = EmbeddedServers.startMissing(startNeo4j, startPostgres, dataDir, serverDir, heap, false);
        servers.config().forEach(System::setProperty);
        Thread stopServers = new Thread(servers::close, "embedded-servers-stop");
        try {
            Runtime.getRuntime().addShutdownHook(stopServers);
            Quarkus.run(args);
        } finally {
            servers.close();
        }
    }
}
