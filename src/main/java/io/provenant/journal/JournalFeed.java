package io.provenant.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.provenant.runtime.PgListener;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * Where the journal's head is, as it moves: the wake-up of live subscriptions, on every replica. Every append
 * ({@link Journal#append}) sends {@code NOTIFY provenant_journal} inside its transaction, which PostgreSQL delivers to
 * every listening session only when (and if) the transaction commits. Each replica keeps one connection listening
 * ({@link PgListener}, started with the first subscriber, stopped with the last): on a notification, or every
 * {@link #POLL} regardless (a missed notification, a reconnect), it reads the committed head and broadcasts it when
 * it moved. Subscribers then read what they want from PostgreSQL themselves, after their own cursor, so nothing is
 * missed or sent twice whatever the timing, and a client can resume from a journal position.
 */
@ApplicationScoped
public class JournalFeed {

    public static final String CHANNEL = "provenant_journal";
    private static final Duration POLL = Duration.ofSeconds(1);

    @Inject
    AgroalDataSource dataSource;

    private final BroadcastProcessor<Long> heads = BroadcastProcessor.create();
    private int subscribers;
    private PgListener listener;

    @PostConstruct
    void init() {
        listener = new PgListener(dataSource, "journal-feed", List.of(CHANNEL), POLL, new PgListener.Handler() {
            private long last = -1;

            @Override
            public void listening(Connection connection) {
                last = -1; // a new session: broadcast the head it starts from
            }

            @Override // at the start and after every wake-up (a notification or POLL): the committed head
            public void poll(Connection connection) throws SQLException {
                long head = head(connection);
                if (head != last) {
                    last = head;
                    heads.onNext(head);
                }
            }
        });
    }

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
        return heads.onSubscription().invoke(this::subscribed).onTermination().invoke(this::unsubscribed);
    }

    private synchronized void subscribed() {
        if (++subscribers == 1) {
            listener.start();
        }
    }

    private synchronized void unsubscribed() {
        if (--subscribers == 0) {
            listener.stop();
        }
    }

    @PreDestroy
    void stop() {
        listener.stop();
    }

    private static long head(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT seq FROM journal_head WHERE id = 1");
             ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }
}
