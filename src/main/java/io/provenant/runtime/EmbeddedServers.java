package io.provenant.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jboss.logging.Logger;

/**
 * Embedded defaults: starts a real Neo4j and/or a real PostgreSQL for whatever the configuration leaves
 * unset, and returns the configuration that points the app at them.
 *
 * <p>"Configured" means set as a system property or as the matching environment variable
 * ({@code quarkus.neo4j.uri} / {@code QUARKUS_NEO4J_URI}, {@code quarkus.datasource.jdbc.url} /
 * {@code QUARKUS_DATASOURCE_JDBC_URL}); this runs before Quarkus reads its configuration.
 */
public final class EmbeddedServers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedServers.class);

    private final EmbeddedNeo4j neo4j;
    private final EmbeddedPostgres postgres;
    private final Map<String, String> config;

    private EmbeddedServers(EmbeddedNeo4j neo4j, EmbeddedPostgres postgres, Map<String, String> config) {
        this.neo4j = neo4j;
        this.postgres = postgres;
        this.config = config;
    }

    /** Reads a setting as a system property, else as its environment variable (Quarkus/MicroProfile naming). */
    public static Optional<String> setting(String property, Function<String, String> env) {
        String value = System.getProperty(property);
        if (value == null) {
            value = env.apply(property.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    /**
     * Starts the servers the configuration does not name.
     *
     * @param dataDir   the local data directory: {@code neo4j/} and {@code postgres/} live under it
     * @param serverDir the Neo4j launcher's build output
     * @param clean     wipe PostgreSQL's data first (tests); Neo4j's home is always kept
     * @param stopOnJvmExit false: no shutdown hook of its own stops PostgreSQL; the caller must {@link #close()}
     *                  (ProvenantMain does, after Quarkus has stopped)
     */
    public static EmbeddedServers startMissing(boolean startNeo4j, boolean startPostgres, Path dataDir, Path serverDir,
            String neo4jHeap, boolean clean, boolean stopOnJvmExit) {
        Map<String, String> config = new LinkedHashMap<>();
        EmbeddedNeo4j neo4j = null;
        EmbeddedPostgres postgres = null;
        try {
            if (startPostgres) {
                long started = System.nanoTime();
                postgres = EmbeddedPostgres.start(dataDir.resolve("postgres"), dataDir.resolve("postgres-runtime"), 0, clean,
                        stopOnJvmExit);
                config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
                config.put("quarkus.datasource.username", "postgres");
                config.put("quarkus.datasource.password", "postgres");
                LOG.infof("Embedded PostgreSQL 17 at %s (data: %s) started in %d ms", postgres.jdbcUrl(),
                        dataDir.resolve("postgres"), (System.nanoTime() - started) / 1_000_000);
            }
            if (startNeo4j) {
                long started = System.nanoTime();
                neo4j = EmbeddedNeo4j.start(serverDir, dataDir.resolve("neo4j"), 0, neo4jHeap, "64m");
                config.put("quarkus.neo4j.uri", neo4j.boltUri());
                config.put("quarkus.neo4j.authentication.disabled", "true");
                LOG.infof("Embedded Neo4j 5.26 at %s (data: %s, pid %d) started in %d ms", neo4j.boltUri(),
                        dataDir.resolve("neo4j"), neo4j.pid(), (System.nanoTime() - started) / 1_000_000);
            }
            return new EmbeddedServers(neo4j, postgres, config);
        } catch (RuntimeException e) {
            new EmbeddedServers(neo4j, postgres, config).close();
            throw e;
        }
    }

    /** The configuration (property → value) that points the app at the started servers. */
    public Map<String, String> config() {
        return config;
    }

    public Optional<EmbeddedNeo4j> neo4j() {
        return Optional.ofNullable(neo4j);
    }

    @Override
    public synchronized void close() {
        if (neo4j != null) {
            neo4j.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
