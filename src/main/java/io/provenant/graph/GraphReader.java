package io.provenant.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;

import io.provenant.api.ProvenantError;

/**
 * Runs the named Cypher files of the question features (e.g. {@code lineage/hop-upstream.cypher}, loaded once
 * from the classpath next to their feature) in one read transaction per question, and counts every statement
 * sent, so tests can prove a question costs a bounded number of round trips.
 */
@ApplicationScoped
public class GraphReader {

    /** The statements of one read transaction. */
    public interface Reads {
        /**
         * The statement's records, fetched whole. Also for large results: reading a 40,000-row lineage hop record by
         * record instead (Result.forEachRemaining, which keeps none) cost the driver a future per record, 1.5 times the
         * client CPU, and made the 10-hop walk of the bench's M release 1,300-1,380 against 1,045-1,100 ms through the
         * API, for less garbage collection (48 against 76 ms per walk).
         */
        List<Record> run(String name, Map<String, Object> parameters);
    }

    @Inject
    GraphSessions sessions;

    private final Map<String, String> statements = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();

    /**
     * Runs {@code work} in one read transaction (routed to a reader, after the writes named by the request's
     * consistency token: {@link GraphSessions#read}); Neo4j being unreachable, or no reader catching up with the
     * token in time, is reported as UNAVAILABLE, a token Neo4j does not know as INVALID_INPUT.
     */
    public <T> T read(Function<Reads, T> work) {
        try (Session session = sessions.read()) {
            return session.executeRead(tx -> work.apply((name, parameters) -> {
                sent.incrementAndGet();
                return tx.run(statement(name), parameters).list();
            }));
        } catch (ServiceUnavailableException | SessionExpiredException e) {
            throw ProvenantError.unavailable("Neo4j is unavailable; lineage questions cannot be answered now. Retry later.", e);
        } catch (TransientException e) {
            if (e.code() != null && e.code().contains("BookmarkTimeout")) {
                throw ProvenantError.unavailable("No Neo4j reader caught up with the " + ConsistencyToken.HEADER
                        + " of the request in time. Retry later.", e);
            }
            throw e;
        } catch (ClientException e) {
            if (e.code() != null && e.code().contains("InvalidBookmark")) {
                throw ConsistencyToken.invalid();
            }
            throw e;
        }
    }

    /** Statements sent since start-up. */
    public long statementsSent() {
        return sent.get();
    }

    private String statement(String name) {
        return statements.computeIfAbsent(name, key -> {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("io/provenant/" + key)) {
                if (in == null) {
                    throw new IllegalStateException("Missing Cypher file io/provenant/" + key + ".");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
