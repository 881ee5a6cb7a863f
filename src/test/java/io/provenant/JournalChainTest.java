package io.provenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.provenant.artifact.Digests;
import io.provenant.journal.ChainHash;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every accepted write is one journal entry; the hash chain recomputes from the rows; rows cannot be changed. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class JournalChainTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void theChainRecomputesFromTheRows() throws SQLException {
        String prev = ChainHash.GENESIS;
        long expectedSeq = 1;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT seq, recorded_at, actor, project, operation, ref, payload,"
                     + " payload_digest, prev_hash, entry_hash FROM journal ORDER BY seq");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long seq = rows.getLong(1);
                assertEquals(expectedSeq++, seq, "no gaps");
                assertEquals(Digests.sha256(rows.getString(7)), rows.getString(8), "payload digest at " + seq);
                assertEquals(prev, rows.getString(9), "prev hash at " + seq);
                String hash = ChainHash.of(seq, rows.getTimestamp(2).toInstant(), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getString(8), prev);
                assertEquals(hash, rows.getString(10), "entry hash at " + seq);
                prev = hash;
            }
        }
        assertTrue(expectedSeq > 40, "the story wrote entries");
        assertEquals(prev, headHash(), "journal_head holds the last entry hash");
    }

    private String headHash() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT entry_hash FROM journal_head");
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }

    @Test
    void journalRowsCannotBeUpdatedDeletedOrTruncated() {
        long size = stores.journalSize();
        SQLException update = assertThrows(SQLException.class, () -> stores.update("UPDATE journal SET actor = 'mallory' WHERE seq = 1"));
        assertTrue(update.getMessage().contains("journal is append-only"), update.getMessage());
        SQLException delete = assertThrows(SQLException.class, () -> stores.update("DELETE FROM journal WHERE seq = 1"));
        assertTrue(delete.getMessage().contains("journal is append-only"), delete.getMessage());
        SQLException truncate = assertThrows(SQLException.class, () -> stores.update("TRUNCATE journal CASCADE"));
        assertTrue(truncate.getMessage().contains("journal is append-only"), truncate.getMessage());
        assertEquals(size, stores.journalSize());
    }
}
