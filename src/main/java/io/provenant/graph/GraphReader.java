package io.provenant.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.async.AsyncSession;
import org.neo4j.driver.async.ResultCursor;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.RetryableException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;

import io.provenant.api.ProvenantError;

/**
 * Runs the named Cypher files of the question features (e.g. {@code lineage/hop-upstream.cypher}, loaded once
 * from the classpath next to their feature) in one read transaction per question, alone in an auto-commit
 * transaction when the question is one statement ({@link #readOne}), or side by side in several ({@link #readEach}),
 * and counts every statement sent, so tests can prove a question costs a bounded number of round trips.
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
        List<Record> run(Statement statement);

        default List<Record> run(String name, Map<String, Object> parameters) {
            return run(new Statement(name, parameters));
        }
    }

    @Inject
    GraphSessions sessions;

    /** Read transactions one question may run at once ({@link #readEach}); 1 sends its statements one after another. */
    @ConfigProperty(name = "provenant.graph.parallel-reads", defaultValue = "2")
    int parallelReads;

    private final Map<String, String> statements = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();

    @PostConstruct
    void checkSettings() {
        if (parallelReads < 1) {
            throw new IllegalStateException("provenant.graph.parallel-reads must be at least 1, not " + parallelReads + ".");
        }
    }

    /**
     * Runs {@code work} in one read transaction (routed to a reader, after the writes named by the request's
     * consistency token: {@link GraphSessions#read}); Neo4j being unreachable, or no reader catching up with the
     * token in time, is reported as UNAVAILABLE, a token Neo4j does not know as INVALID_INPUT.
     */
    public <T> T read(Function<Reads, T> work) {
        try (Session session = sessions.read()) {
            return session.executeRead(tx -> work.apply(statement -> {
                sent.incrementAndGet();
                return tx.run(text(statement), statement.parameters()).list();
            }));
        } catch (RuntimeException e) {
            throw reported(e);
        }
    }

    /**
     * One statement in an auto-commit transaction, as {@link #read} would run it alone, in one round trip: a
     * transaction function costs two more (BEGIN, then COMMIT after the records). In the app answering impact at the
     * bench's size M those two took 2.7 ms of its ~21 (timestamps around the driver calls, 300-call averages); alone,
     * the statement's own answer took ~1 ms longer (Neo4j begins and commits it), and the API's p50 went from 20.8 to
     * 18.9 ms (600 interleaved rounds; the hand-written pair 14.4 and 13.8). Bookmarks,
     * routing to a reader and failures are {@link #read}'s; only the driver's retries are not, so a failure the
     * driver would retry (Neo4j or a cluster member briefly unreachable, a leader change) is sent again as {@link #read}
     * sends it, with those retries.
     */
    public List<Record> readOne(String name, Map<String, Object> parameters) {
        String text = statement(name);
        try (Session session = sessions.read()) {
            sent.incrementAndGet();
            return session.run(text, parameters).list();
        } catch (RuntimeException e) {
            if (e instanceof RetryableException) {
                return read(reads -> reads.run(name, parameters));
            }
            throw reported(e);
        }
    }

    /**
     * A statement: a Cypher file, its parameters, and the text of the file's optional clauses it fills. A clause's slot
     * in the file is a block comment holding its name (e.g. {@code within} in lineage/hop-upstream.cypher), which Neo4j
     * ignores unless the statement fills it; the clause then replaces the comment. A statement whose shape depends on
     * the question (a filter only some questions need) is then planned once per shape, without a per-row test of a
     * parameter that is the same on every row (lineage/hop-upstream.cypher).
     */
    public record Statement(String name, Map<String, Object> parameters, Map<String, String> clauses) {

        public Statement(String name, Map<String, Object> parameters) {
            this(name, parameters, Map.of());
        }

        /** The text this statement sends, from its file's {@code text}: the clauses it fills in their slots. */
        public String text(String text) {
            for (Map.Entry<String, String> clause : clauses.entrySet()) {
                String slot = "/*" + clause.getKey() + "*/";
                if (!text.contains(slot)) {
                    throw new IllegalStateException("Cypher file io/provenant/" + name + " has no slot " + slot + ".");
                }
                text = text.replace(slot, clause.getValue());
            }
            return text;
        }
    }

    /**
     * Independent statements, each in its own read transaction, up to {@code provenant.graph.parallel-reads} of them
     * at a time, taken in the given order (put the longest first); their records come back in that order. Neo4j runs
     * a statement on one thread: releaseProvenance's two passes over every training label (distribution, reviewers)
     * then take the time of the longer on a server with two cores or more, not their sum. Each transaction waits for
     * the bookmarks {@link #read} waits for and, as the statements of one Neo4j transaction do (reads are
     * read-committed), sees what was committed when it ran: statements that must agree filter by the question's
     * asOf. The driver's async sessions need no thread per statement. Returns when every statement sent is done; the
     * first failure stops sending more and is reported as {@link #read} reports it.
     */
    public List<List<Record>> readEach(List<Statement> statements) {
        Reading reading = new Reading(statements, statements.stream().map(this::text).toList(), sessions.readAsync(),
                new AtomicReferenceArray<>(statements.size()), new AtomicInteger(), new AtomicBoolean(), sent);
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        try {
            for (int lane = 0; lane < Math.min(parallelReads, statements.size()); lane++) {
                lanes.add(reading.next().toCompletableFuture());
            }
            CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw reported(e.getCause() instanceof RuntimeException cause ? cause : e);
        } catch (RuntimeException e) {
            throw reported(e);
        }
        List<List<Record>> answers = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            answers.add(reading.answers().get(i));
        }
        return answers;
    }

    /** One {@link #readEach}: its statements and their texts, the answers so far, the next to send, whether one failed. */
    private record Reading(List<Statement> statements, List<String> texts, Supplier<AsyncSession> sessions,
            AtomicReferenceArray<List<Record>> answers, AtomicInteger sending, AtomicBoolean failed, AtomicLong sent) {

        /** Sends the next statement not yet sent, and after it the next, until none is left or one failed. */
        CompletionStage<Void> next() {
            int i = sending.getAndIncrement();
            if (i >= statements.size() || failed.get()) {
                return CompletableFuture.completedFuture(null);
            }
            sent.incrementAndGet();
            AsyncSession session = sessions.get();
            CompletionStage<List<Record>> records = session.executeReadAsync(
                    tx -> tx.runAsync(texts.get(i), statements.get(i).parameters()).thenCompose(ResultCursor::listAsync));
            // the session is closed once its transaction is done, either way; then the records, or the failure
            return records.handle((done, failure) -> {
                if (failure != null) {
                    failed.set(true);
                }
                return null;
            }).thenCompose(done -> session.closeAsync()).thenCompose(closed -> records).thenCompose(answer -> {
                answers.set(i, answer);
                return next();
            });
        }
    }

    /** A failure of the driver as the API reports it (see {@link #read}); others unchanged. */
    private static RuntimeException reported(RuntimeException e) {
        if (e instanceof ServiceUnavailableException || e instanceof SessionExpiredException) {
            return ProvenantError.unavailable("Neo4j is unavailable; lineage questions cannot be answered now. Retry later.", e);
        }
        if (e instanceof TransientException t && t.code() != null && t.code().contains("BookmarkTimeout")) {
            return ProvenantError.unavailable("No Neo4j reader caught up with the " + ConsistencyToken.HEADER
                    + " of the request in time. Retry later.", e);
        }
        if (e instanceof ClientException c && c.code() != null && c.code().contains("InvalidBookmark")) {
            return ConsistencyToken.invalid();
        }
        return e;
    }

    /** Statements sent since start-up. */
    public long statementsSent() {
        return sent.get();
    }

    private String text(Statement statement) {
        return statement.text(statement(statement.name()));
    }

    private String statement(String name) {
        return statements.computeIfAbsent(name, key -> {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("io/provenant/" + key)) {
                if (in == null) {
                    throw new IllegalStateException("Missing Cypher file io/provenant/" + key + ".");
                }
                return withoutCommentLines(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A statement as it is sent: without its whole-line {@code //} comments, which document the files (half of
     * impact.cypher's 5.6 KB) and would otherwise be encoded and sent, and hashed by Neo4j's query cache, with every
     * call. Comments after code on a line stay (none of our files has one, nor a string that spans lines).
     */
    static String withoutCommentLines(String text) {
        return text.lines().filter(line -> !line.strip().startsWith("//")).collect(Collectors.joining("\n"));
    }
}
