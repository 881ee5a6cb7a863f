package io.provenant.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Prometheus gauges of the journal and its projection, read from PostgreSQL at most once a second however often
 * they are scraped, in one statement: {@code provenant_journal_entries} (the journal head's sequence number, which
 * is the number of entries: sequences have no gaps), {@code provenant_projection_backlog_entries} (outbox rows:
 * entries not yet in Neo4j) and {@code provenant_projection_lag_seconds} (age of the oldest of them; 0 when none).
 * NaN while PostgreSQL does not answer.
 */
@ApplicationScoped
public class JournalGauges {

    static final String READ = "SELECT (SELECT seq FROM journal_head WHERE id = 1), count(*),"
            + " COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)), 0) FROM outbox";

    /** One reading of the three values. */
    record Reading(long at, double entries, double backlog, double lagSeconds) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    private volatile Reading last = new Reading(0, Double.NaN, Double.NaN, Double.NaN);

    void register(@Observes StartupEvent start) {
        Gauge.builder("provenant.journal.entries", this, g -> g.reading().entries())
                .description("Journal entries (the head's sequence number)").register(registry);
        Gauge.builder("provenant.projection.backlog.entries", this, g -> g.reading().backlog())
                .description("Journal entries waiting in the outbox to be projected into Neo4j").register(registry);
        Gauge.builder("provenant.projection.lag", this, g -> g.reading().lagSeconds()).baseUnit("seconds")
                .description("Age of the oldest journal entry not yet projected into Neo4j (0 when none)").register(registry);
    }

    /** For scrapes: at most one query a second. */
    synchronized Reading reading() {
        long now = System.nanoTime();
        if (last.at() != 0 && now - last.at() < 1_000_000_000L) {
            return last;
        }
        last = read();
        return last;
    }

    /** Reads the values now (health checks); NaN when PostgreSQL does not answer. */
    Reading read() {
        long now = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(READ);
             ResultSet row = select.executeQuery()) {
            row.next();
            return new Reading(now, row.getLong(1), row.getLong(2), row.getDouble(3));
        } catch (SQLException | RuntimeException e) {
            return new Reading(now, Double.NaN, Double.NaN, Double.NaN);
        }
    }
}
