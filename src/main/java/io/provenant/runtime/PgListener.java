package io.provenant.runtime;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.agroal.api.AgroalDataSource;

/**
 * One PostgreSQL session that {@code LISTEN}s on some channels, on a daemon thread of its own, and reconnects after
 * a failure. PostgreSQL delivers a {@code NOTIFY} to listening sessions only when the sending transaction commits,
 * and says nothing of what was sent while a session was not listening: {@link Handler#listening} marks the start of
 * what this session hears, {@link Handler#lost} its end.
 */
public final class PgListener {

    /** What the listener reports; called on the listener's thread. */
    public interface Handler {

        /** LISTEN succeeded on a new connection; notifications sent before it were not heard. */
        default void listening(Connection connection) throws SQLException {
        }

        /**
         * When a session begins and after every wake-up (a notification, or a poll interval without one); a failure
         * counts as a lost connection.
         */
        default void poll(Connection connection) throws SQLException {
        }

        /** A notification on one of the channels (a wake-up alone is also followed by {@link #poll}). */
        default void notified(String channel, String payload) {
        }

        /** The connection failed, or the listener stopped: nothing is heard until {@link #listening} again. */
        default void lost(String reason) {
        }
    }

    private static final Logger LOG = Logger.getLogger(PgListener.class);

    private final AgroalDataSource dataSource;
    private final String name;
    private final List<String> channels;
    private final Duration poll;
    private final Handler handler;
    private final AtomicLong sessions = new AtomicLong();
    private Thread thread;

    public PgListener(AgroalDataSource dataSource, String name, List<String> channels, Duration poll, Handler handler) {
        this.dataSource = dataSource;
        this.name = name;
        this.channels = List.copyOf(channels);
        this.poll = poll;
        this.handler = handler;
    }

    /** Starts listening unless it already is. */
    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Stops listening: the handler hears {@link Handler#lost} now, and the thread ends within one poll interval (a
     * socket read is not interruptible).
     */
    public synchronized void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            handler.lost("stopped");
        }
    }

    /** How many listening sessions began (1 while the first holds; each reconnection adds one). */
    public long sessions() {
        return sessions.get();
    }

    private synchronized boolean current() {
        return thread == Thread.currentThread();
    }

    /**
     * A session's beginning and end are reported only by the current thread, under the lock {@link #start} and
     * {@link #stop} take: a stopped thread still finishing (its socket read) cannot report after its successor began.
     */
    private synchronized boolean began(Connection connection) throws SQLException {
        if (!current()) {
            return false;
        }
        handler.listening(connection);
        sessions.incrementAndGet();
        return true;
    }

    private synchronized void ended(String reason) {
        if (current()) {
            handler.lost(reason);
        }
    }

    private void run() {
        String failure = null;
        while (current()) {
            Connection connection = null;
            try {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("SET application_name = '" + name + "'"); // what pg_stat_activity shows for it
                    for (String channel : channels) {
                        listen.execute("LISTEN " + channel);
                    }
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                if (began(connection) && failure != null) {
                    LOG.infof("%s: listening again on %s", name, channels);
                    failure = null;
                }
                while (current()) {
                    handler.poll(connection);
                    PGNotification[] notifications = pg.getNotifications((int) poll.toMillis());
                    if (notifications != null) { // even a stopping thread's: a notification only evicts or wakes
                        for (PGNotification n : notifications) {
                            handler.notified(n.getName(), n.getParameter());
                        }
                    }
                }
                // stopped (stop() reported it): UNLISTEN before the connection goes back to the pool
                try (Statement unlisten = connection.createStatement()) {
                    unlisten.execute("UNLISTEN *; RESET application_name");
                }
                connection.close();
            } catch (SQLException | RuntimeException e) {
                ended(String.valueOf(e.getMessage()));
                discard(connection);
                if (failure == null && current()) {
                    LOG.warnf("%s: not listening on %s (%s); retrying every %s", name, channels, e.getMessage(), poll);
                }
                failure = String.valueOf(e.getMessage());
                sleep();
            }
        }
    }

    /** A connection that failed is closed for good, not handed back to the pool's other users. */
    private static void discard(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // it is going anyway
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // already closed by abort
        }
    }

    private void sleep() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
