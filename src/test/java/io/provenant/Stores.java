package io.provenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import io.agroal.api.AgroalDataSource;

/** Direct reads of PostgreSQL and Neo4j, so tests assert on what was really stored. */
@ApplicationScoped
public class Stores {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Driver driver;

    /** A single long from SQL with positional parameters. */
    public long sql(String query, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A single text value from SQL. */
    public String sqlText(String query) {
        List<String> texts = texts(query);
        return texts.isEmpty() ? null : texts.get(0);
    }

    /** The first column of every row, as text. */
    public List<String> texts(String query) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(query);
             ResultSet rows = statement.executeQuery()) {
            List<String> texts = new java.util.ArrayList<>();
            while (rows.next()) {
                texts.add(rows.getString(1));
            }
            return texts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs SQL that changes rows (for fault injection); returns the update count. */
    public int update(String statementText, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(statementText)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** Calls a PostgreSQL advisory lock function ({@code pg_advisory_lock}, {@code pg_advisory_unlock}) on a connection. */
    public static void advisory(Connection connection, String function, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, key);
            statement.executeQuery().close();
        }
    }

    /** Waits (up to 60 s) until every journal entry is projected; fails if the outbox does not empty. */
    public void awaitEmptyOutbox() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (sql("SELECT count(*) FROM outbox") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (sql("SELECT count(*) FROM outbox") > 0) {
            throw new AssertionError("the outbox did not empty within 60 s: " + sql("SELECT count(*) FROM outbox") + " entries left");
        }
    }

    public long journalSize() {
        return sql("SELECT count(*) FROM journal");
    }

    /** A single long from Cypher, returned as column {@code n}. */
    public long cypher(String query, Map<String, Object> parameters) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> tx.run(query, parameters).single().get("n").asLong());
        }
    }

    public void cypherWrite(String query, Map<String, Object> parameters) {
        try (Session session = driver.session()) {
            session.executeWriteWithoutResult(tx -> tx.run(query, parameters).consume());
        }
    }

    public long edges(String from, String type, String to) {
        return cypher("MATCH (a:Artifact {ref: $from})-[r]->(b:Artifact {ref: $to}) WHERE type(r) = $type RETURN count(r) AS n",
                Map.of("from", from, "type", type, "to", to));
    }
}
