package io.provenant.api;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;

/**
 * Turns "PostgreSQL cannot be reached" into an {@code UNAVAILABLE} error callers can retry, instead of a
 * generic server error. Everything else passes through unchanged.
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    /** Runs {@code work}, translating connection failures (nothing was written: the transaction did not commit). */
    public static <T> T guard(Supplier<T> work) {
        try {
            return work.get();
        } catch (ProvenantError e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** JDBC work that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Like {@link #guard} for plain JDBC reads outside a transaction. */
    public static <T> T sql(SqlWork<T> work) {
        return guard(() -> {
            try {
                return work.run();
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL read failed: " + e.getMessage(), e);
            }
        });
    }

    public static RuntimeException translate(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (isConnectionFailure(cause)) {
                return ProvenantError.unavailable("PostgreSQL is unavailable; nothing was written. Retry later.", failure);
            }
        }
        return failure;
    }

    static boolean isConnectionFailure(Throwable cause) {
        if (cause instanceof SQLTransientConnectionException || cause instanceof ConnectException) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now
            return sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P");
        }
        return false;
    }
}
