package io.provenant.neo4jserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A real Neo4j 5.26 server (Bolt only, auth off, loopback only) for Provenant's embedded default and tests.
 *
 * <p>Prints {@code PROVENANT-NEO4J READY bolt://127.0.0.1:PORT} once Bolt accepts connections. With
 * {@code --exit-on-stdin-eof} it shuts down when its standard input closes, which happens when the parent
 * process dies for any reason (even {@code kill -9}): no orphaned server keeps holding the store lock.
 */
@Command(name = "neo4j-server", mixinStandardHelpOptions = true,
        description = "Runs Provenant's embedded Neo4j server (Bolt on 127.0.0.1, auth off).")
public final class Neo4jServer implements Callable<Integer> {

    public static final String READY = "PROVENANT-NEO4J READY ";

    @Option(names = "--home", required = true, description = "Neo4j home: data, logs and the generated neo4j.conf.")
    Path home;

    @Option(names = "--bolt-port", required = true, description = "Bolt port on 127.0.0.1.")
    int boltPort;

    @Option(names = "--page-cache", defaultValue = "64m", description = "Page cache size (default: ${DEFAULT-VALUE}).")
    String pageCache;

    @Option(names = "--exit-on-stdin-eof", description = "Shut down when standard input reaches end of stream.")
    boolean exitOnStdinEof;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Neo4jServer()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path absoluteHome = home.toAbsolutePath();
        Files.createDirectories(absoluteHome);
        Path conf = absoluteHome.resolve("neo4j.conf");
        Files.writeString(conf, String.join("\n",
                "# Written by Provenant's neo4j-server at every start; edits here are overwritten.",
                "server.bolt.enabled=true",
                "server.bolt.listen_address=127.0.0.1:" + boltPort,
                "server.bolt.advertised_address=127.0.0.1:" + boltPort,
                "dbms.security.auth_enabled=false",
                "server.memory.pagecache.size=" + pageCache,
                "# Preallocating transaction logs costs start-up time and disk for no benefit at this size.",
                "db.tx_log.preallocate=false",
                "# The journal in PostgreSQL is the system of record; keep little Neo4j log history.",
                "db.tx_log.rotation.retention_policy=2 files",
                "dbms.usage_report.enabled=false",
                ""), StandardCharsets.UTF_8);

        long started = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(absoluteHome)
                .loadPropertiesFromFile(conf)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));
        dbms.database("neo4j").executeTransactionally("RETURN 1");
        System.out.println(READY + "bolt://127.0.0.1:" + boltPort + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        System.out.flush();

        if (exitOnStdinEof) {
            awaitEndOfStream(System.in);
            return 0;
        }
        stopped.await();
        return 0;
    }

    private static void awaitEndOfStream(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // the parent never writes; only the end of the stream matters
            }
        } catch (IOException e) {
            // a broken pipe means the parent is gone too
        }
    }
}
