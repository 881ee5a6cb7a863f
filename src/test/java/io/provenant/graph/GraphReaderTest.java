package io.provenant.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ClientException;

import io.provenant.ProvenantTestServers;
import io.provenant.graph.GraphReader.Statement;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Statements sent at once (GraphReader.readEach): answers in order, after this replica's writes, failures as read reports them. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class GraphReaderTest {

    @Inject
    GraphReader graph;

    @Inject
    GraphSessions sessions;

    @Test
    void eachStatementAnswersInItsPlaceAndSeesTheWritesBeforeIt() {
        String name = "reader-" + System.nanoTime();
        write(name, 3);
        try {
            long before = graph.statementsSent();
            List<List<Record>> answers = graph.readEach(List.of(
                    new Statement("graph-reader-test/rows.cypher", Map.of("name", name, "n", 2000)),
                    new Statement("graph-reader-test/rows.cypher", Map.of("name", "none", "n", 1)),
                    new Statement("graph-reader-test/rows.cypher", Map.of("name", name, "n", 3))));
            assertEquals(3, graph.statementsSent() - before);
            assertEquals(List.of(2000, 1, 3), answers.stream().map(List::size).toList());
            assertEquals(name, answers.get(0).get(1999).get("name").asString());
            assertEquals(2000, answers.get(0).get(1999).get("i").asInt(), "all records, in the statement's order");
            assertEquals("none", answers.get(1).get(0).get("name").asString());
            assertEquals(0, answers.get(1).get(0).get("seen").asInt());
            // every transaction waited for this replica's bookmarks: the three nodes written just before are seen by each
            assertEquals(3, answers.get(0).get(0).get("seen").asInt());
            assertEquals(3, answers.get(2).get(2).get("seen").asInt());
        } finally {
            delete(name);
        }
        assertEquals(List.of(), graph.readEach(List.of()));
    }

    /** {@code n} :GraphReaderTest nodes named {@code name}, written through this replica's sessions (its bookmarks). */
    private void write(String name, int n) {
        try (Session session = sessions.write()) {
            session.executeWrite(tx -> tx.run("UNWIND range(1, $n) AS i CREATE (:GraphReaderTest {name: $name})",
                    Map.of("name", name, "n", n)).consume());
        }
    }

    /** Other tests count every node of the graph (GraphRebuildTest): leave none behind. */
    private void delete(String name) {
        try (Session session = sessions.write()) {
            session.executeWrite(tx -> tx.run("MATCH (t:GraphReaderTest {name: $name}) DELETE t", Map.of("name", name)).consume());
        }
    }

    @Test
    void oneStatementAloneAnswersAsInATransactionFunctionAndSeesTheWritesBeforeIt() {
        String name = "reader-one-" + System.nanoTime();
        write(name, 2);
        try {
            long before = graph.statementsSent();
            // more records than the driver pulls at a time (1,000): every one comes back, in order
            List<Record> rows = graph.readOne("graph-reader-test/rows.cypher", Map.of("name", name, "n", 2500));
            assertEquals(1, graph.statementsSent() - before);
            assertEquals(2500, rows.size());
            assertEquals(2500, rows.get(2499).get("i").asInt());
            assertEquals(2, rows.get(0).get("seen").asInt(), "after this replica's bookmarks: the two nodes written just before");
            assertEquals(graph.read(reads -> reads.run("graph-reader-test/rows.cypher", Map.of("name", name, "n", 3))).stream()
                    .map(Record::asMap).toList(),
                    graph.readOne("graph-reader-test/rows.cypher", Map.of("name", name, "n", 3)).stream().map(Record::asMap).toList());
        } finally {
            delete(name);
        }
        ClientException alone = assertThrows(ClientException.class,
                () -> graph.readOne("graph-reader-test/divide.cypher", Map.of("by", 0)));
        ClientException inFunction = assertThrows(ClientException.class,
                () -> graph.read(reads -> reads.run("graph-reader-test/divide.cypher", Map.of("by", 0))));
        assertEquals(inFunction.code(), alone.code());
        assertTrue(alone.getMessage().contains("/ by zero"), alone.getMessage());
        assertEquals(1, graph.readOne("graph-reader-test/divide.cypher", Map.of("by", 1)).get(0).get("quotient").asInt(),
                "the session was given back and the next statement answers");
    }

    @Test
    void aStatementFillsTheClausesItNamesAndNoOther() {
        Map<String, Object> parameters = Map.of("name", "clauses", "n", 2, "tag", "t");
        Statement plain = new Statement("graph-reader-test/rows.cypher", parameters);
        Statement filled = new Statement("graph-reader-test/rows.cypher", parameters, Map.of("extra", ", $tag + i AS extra"));
        List<Record> unfilled = graph.read(reads -> reads.run(plain));
        assertEquals(List.of("name", "i", "seen"), unfilled.get(0).keys(), "an unfilled slot is a comment");
        assertEquals(List.of("t1", "t2"), graph.readEach(List.of(filled)).get(0).stream().map(r -> r.get("extra").asString()).toList());
        assertEquals("t2", graph.read(reads -> reads.run(filled)).get(1).get("extra").asString());
        IllegalStateException noSlot = assertThrows(IllegalStateException.class, () -> graph.read(reads -> reads.run(
                new Statement("graph-reader-test/rows.cypher", parameters, Map.of("types", ":X")))));
        assertEquals("Cypher file io/provenant/graph-reader-test/rows.cypher has no slot /*types*/.", noSlot.getMessage());
    }

    @Test
    void aFailingStatementFailsTheCallAsASingleReadWouldAndTheOthersStillAnswerAfterwards() {
        ClientException failure = assertThrows(ClientException.class, () -> graph.readEach(List.of(
                new Statement("graph-reader-test/rows.cypher", Map.of("name", "fine", "n", 10)),
                new Statement("graph-reader-test/divide.cypher", Map.of("by", 0)))));
        assertTrue(failure.getMessage().contains("/ by zero"), failure.getMessage());
        ClientException single = assertThrows(ClientException.class,
                () -> graph.read(reads -> reads.run(new Statement("graph-reader-test/divide.cypher", Map.of("by", 0)))));
        assertEquals(single.code(), failure.code(), "the same failure as one statement in one transaction");
        // the sessions were given back: many more rounds than the pool has connections (32) still answer
        for (int round = 0; round < 150; round++) {
            int by = round % 2 == 0 ? 0 : 4;
            List<Statement> statements = List.of(new Statement("graph-reader-test/rows.cypher", Map.of("name", "fine", "n", 1)),
                    new Statement("graph-reader-test/divide.cypher", Map.of("by", by)));
            if (by == 0) {
                assertThrows(ClientException.class, () -> graph.readEach(statements));
            } else {
                assertEquals(0, graph.readEach(statements).get(1).get(0).get("quotient").asInt());
            }
        }
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> graph.readEach(List.of(new Statement("graph-reader-test/missing.cypher", Map.of()))));
        assertTrue(missing.getMessage().contains("graph-reader-test/missing.cypher"), missing.getMessage());
    }
}
