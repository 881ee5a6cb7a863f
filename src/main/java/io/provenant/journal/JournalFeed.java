package io.provenant.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import io.agroal.api.AgroalDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * Where the journal's head is, as it moves: the wake-up of live subscriptions, on every replica. Every append
 * ({@link Journal#append}) sends {@code NOTIFY provenant_journal} inside its transaction, which PostgreSQL delivers to
 * every listening session only when (and if) the transaction commits. Each replica keeps one connection listening
 * (started with the first subscriber, stopped with the last): on a notification, or every {@link #POLL} regardless (a
 * missed notification, a reconnect), it reads the committed head and broadcasts it when it moved. Subscribers then read
 * what they want from PostgreSQL themselves, after their own cursor, so nothing is missed or sent twice whatever the
 * timing, and a client can resume from a journal position.
 */
@ApplicationScoped
public class JournalFeed {

    public static final String CHANNEL = "provenant_journal";
    private static final Logger LOG = Logger.getLogger(JournalFeed.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    @Inject
    AgroalDataSource dataSource;

    private final BroadcastProcessor<Long> heads = BroadcastProcessor.create();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread listener;

    /** The committed journal head now. */
    public long head() {
        try (Connection connection = dataSource.getConnection()) {
            return head(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the journal head: " + e.getMessage(), e);
        }
    }

    /** The head each time it moves (hot: only moves after subscribing); the listener runs while someone subscribes. */
    public Multi<Long> heads() {
        return heads.onSubscription().invoke(() -> {
            if (subscribers.incrementAndGet() == 1) {
                start();
            }
        }).onTermination().invoke(() -> subscribers.decrementAndGet());
    }

    private synchronized void start() {
        if (running.compareAndSet(false, true)) {
            Thread thread = new Thread(this::listen, "journal-feed");
            thread.setDaemon(true);
            listener = thread;
            thread.start();
        }
    }

    @PreDestroy
    void stop() {
        running.set(false);
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void listen() {
        long last = -1;
        while (running.get()) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running.get()) {
                    long head = head(connection);
                    if (head != last) {
                        last = head;
                        heads.onNext(head);
                    }
                    if (subscribers.get() == 0) {
                        break;
                    }
                    pg.getNotifications((int) POLL.toMillis()); // wakes on a commit, else after POLL
                }
            } catch (SQLException e) {
                LOG.warnf("journal feed: %s; retrying in %s", e.getMessage(), POLL);
                sleep();
            }
            if (subscribers.get() == 0) {
                synchronized (this) {
                    if (subscribers.get() == 0) {
                        running.set(false);
                        return;
                    }
                }
            }
        }
    }

    private static long head(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT seq FROM journal_head WHERE id = 1");
             ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
