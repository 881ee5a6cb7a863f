package io.provenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import io.provenant.api.ProvenantError;
import io.provenant.api.StoreFailures;
import io.quarkus.narayana.jta.QuarkusTransactionException;

/** Connection failures of PostgreSQL become UNAVAILABLE; other failures pass through untouched. */
class StoreFailuresTest {

    @Test
    void connectionFailuresBecomeUnavailable() {
        for (String state : new String[] {"08001", "08006", "57P01", "57P03"}) {
            RuntimeException wrapped = new QuarkusTransactionException(new SQLException("gone", state));
            ProvenantError error = assertThrows(ProvenantError.class, () -> StoreFailures.guard(() -> {
                throw wrapped;
            }));
            assertTrue(error instanceof ProvenantError.Unavailable, state);
            assertEquals("PostgreSQL is unavailable; nothing was written. Retry later.", error.getMessage());
        }
    }

    @Test
    void otherFailuresAndBusinessErrorsPassThrough() {
        RuntimeException constraint = new QuarkusTransactionException(new SQLException("duplicate key", "23505"));
        assertSame(constraint, assertThrows(RuntimeException.class, () -> StoreFailures.guard(() -> {
            throw constraint;
        })));
        ProvenantError invalid = ProvenantError.invalid("f", "bad");
        assertSame(invalid, assertThrows(ProvenantError.class, () -> StoreFailures.guard(() -> {
            throw invalid;
        })));
        assertEquals("ok", StoreFailures.guard(() -> "ok"));
    }
}
