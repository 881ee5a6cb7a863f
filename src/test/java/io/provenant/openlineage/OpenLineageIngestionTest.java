package io.provenant.openlineage;

import static io.provenant.Api.given;
import static io.provenant.StoryFixture.BASE;
import static io.provenant.StoryFixture.EVAL;
import static io.provenant.StoryFixture.TRAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.provenant.GraphQL;
import io.provenant.ProvenantTestServers;
import io.provenant.Stores;
import io.provenant.StoryFixture;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * {@code POST /api/v1/lineage} with Marquez-style OpenLineage run events (src/test/resources/openlineage/*.json)
 * against the story fixture's sealed datasets and base checkpoint.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class OpenLineageIngestionTest {

    static final String RUN_ID = "0192f0a4-6c1e-7b1a-9d7e-5a1f3c2b4d01";
    static final String RUN = "training-run:sft-7b-ol@" + RUN_ID;
    static final String CHECKPOINT = "checkpoint:assistant/sft-7b-ol@" + RUN_ID;
    static final String EVAL_RUN = "eval-run:sft-7b-ol-safety@0192f0a4-6c1e-7b1a-9d7e-5a1f3c2b4d02";

    @Inject
    Stores stores;

    @Inject
    ObjectMapper mapper;

    @Inject
    io.provenant.journal.Projector projector;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void aRunIsRegisteredFromItsCompleteEventOnceAndEveryEventIsJournaled() throws Exception {
        long journal = journalSize();
        Response start = post(event("sft-start.json"));
        start.then().statusCode(201);
        assertEquals(List.of(), start.jsonPath().getList("artifacts"));
        assertTrue(start.jsonPath().getBoolean("recorded"));
        assertEquals(journal + 1, journalSize(), "a START is one journal entry");
        assertNull(GraphQL.ok("artifact", Map.of("ref", RUN)).get("data.artifact"), "a START registers no artifact");

        Response complete = post(event("sft-complete.json"));
        complete.then().statusCode(201);
        JsonPath body = complete.jsonPath();
        assertEquals("COMPLETE", body.getString("eventType"));
        assertEquals(List.of(RUN, CHECKPOINT), body.getList("artifacts.ref"));
        assertEquals(List.of(true, true), body.getList("artifacts.created"));
        assertTrue(body.getBoolean("projected"));
        assertEquals(journal + 4, journalSize(), "the run, its checkpoint and the event");
        long eventSeq = body.getLong("journalSequence");
        assertEquals("openlineage-run:" + RUN_ID + "/COMPLETE/2026-11-20T11:42:17.512Z",
                stores.sqlText("SELECT ref FROM journal WHERE seq = " + eventSeq));

        // A graph rebuild replays the event entry through the projector's apply path: it projects nothing, and fails nothing.
        assertEquals(1, projector.replay(eventSeq - 1, eventSeq).entries());

        JsonPath run = GraphQL.ok("artifact", Map.of("ref", RUN));
        assertEquals("assistant", run.getString("data.artifact.project"));
        assertEquals(List.of("USED", "STARTED_FROM"), run.getList("data.artifact.references.type"));
        assertEquals(List.of(TRAIN, BASE), run.getList("data.artifact.references.ref"));
        JsonPath checkpoint = GraphQL.ok("artifact", Map.of("ref", CHECKPOINT));
        assertEquals(List.of(RUN), checkpoint.getList("data.artifact.references.ref"));
        assertTrue(checkpoint.getString("data.artifact.payload").contains("\"uri\":\"s3://checkpoints/assistant/sft-7b-ol\""));

        JsonPath lineage = GraphQL.ok("lineage", Map.of("ref", CHECKPOINT, "maxDepth", 2));
        List<String> nodes = lineage.getList("data.lineage.nodes.ref");
        assertTrue(nodes.containsAll(List.of(CHECKPOINT, RUN, TRAIN, BASE)), nodes.toString());

        // A retry of either event is a no-op: 201 as Marquez answers, nothing new in the journal.
        Response again = post(event("sft-complete.json"));
        again.then().statusCode(201);
        assertFalse(again.jsonPath().getBoolean("recorded"));
        assertEquals(eventSeq, again.jsonPath().getLong("journalSequence"));
        assertEquals(List.of(false, false), again.jsonPath().getList("artifacts.created"));
        post(event("sft-start.json")).then().statusCode(201);
        assertEquals(journal + 4, journalSize());

        // The same COMPLETE re-sent with another eventTime is a new event, and its artifacts are the same ones.
        Response later = post(event("sft-complete.json", e -> e.put("eventTime", "2026-11-20T11:43:00Z")));
        later.then().statusCode(201);
        assertEquals(List.of(false, false), later.jsonPath().getList("artifacts.created"));
        assertEquals(journal + 5, journalSize());

        // An eval run of the new checkpoint, named by a provenant dataset facet.
        Response eval = post(event("eval-complete.json"));
        eval.then().statusCode(201);
        assertEquals(List.of(EVAL_RUN), eval.jsonPath().getList("artifacts.ref"));
        JsonPath evalRun = GraphQL.ok("artifact", Map.of("ref", EVAL_RUN));
        assertEquals(List.of("EVALUATED", "EVALUATED_ON"), evalRun.getList("data.artifact.references.type"));
        assertEquals(List.of(CHECKPOINT, EVAL), evalRun.getList("data.artifact.references.ref"));
    }

    @Test
    void badEventsAreRefusedNamingTheFieldAndWriteNothing() throws Exception {
        long journal = journalSize();
        refused(400, null, "{\"eventType\": \"COMPLETE\",", "Unable to process JSON");
        refused(422, "run.runId", text(event("sft-complete.json", e -> ((ObjectNode) e.get("run")).remove("runId"))), "is required");
        refused(422, "run.runId", text(event("sft-complete.json", e -> ((ObjectNode) e.get("run")).put("runId", "run-1"))), "not a UUID");
        refused(422, "eventType", text(event("sft-complete.json", e -> e.put("eventType", "DONE"))), "START, RUNNING");
        refused(422, "eventTime", text(event("sft-complete.json", e -> e.put("eventTime", "yesterday"))), "ISO-8601");
        refused(422, "job.namespace", text(event("sft-complete.json", e -> ((ObjectNode) e.get("job")).put("namespace", "has space"))),
                "must match");
        refused(422, "producer", text(event("sft-complete.json", e -> e.remove("producer"))), "is required");
        refused(422, "inputs[1].name", text(event("sft-complete.json", e -> ((ObjectNode) e.get("inputs").get(1)).remove("name"))),
                "is required");
        // Not registered: the dataset version the input names.
        refused(422, "inputs[0]", text(event("sft-complete.json", e -> version(e, 0, "9"))), "'dataset:hh-train@9' not found");
        refused(422, "inputs[0].facets.version.datasetVersion",
                text(event("sft-complete.json", e -> ((ObjectNode) e.get("inputs").get(0)).remove("facets"))), "is needed");
        refused(422, "run.facets.provenant.kind", text(event("sft-complete.json", e -> provenant(e).put("kind", "rubric"))),
                "training-run or eval-run");
        refused(422, "run.facets.provenant.method", text(event("sft-complete.json", e -> provenant(e).put("method", "MAGIC"))),
                "MAGIC");
        refused(422, "run.facets.provenant.learningRate", text(event("sft-complete.json", e -> provenant(e).put("learningRate", 1))),
                "Unrecognized field");
        refused(422, "run.facets.provenant.config.codeCommit",
                text(event("sft-complete.json", e -> ((ObjectNode) provenant(e).get("config")).remove("codeCommit"))), "codeCommit");
        // The run is valid but its output is not: nothing of the event is written, not even the run.
        refused(422, "outputs[0].facets.provenant.weightsDigest", text(event("sft-complete.json", e -> {
            ((ObjectNode) e.get("run")).put("runId", "0192f0a4-6c1e-7b1a-9d7e-5a1f3c2b4d09");
            ((ObjectNode) e.get("outputs").get(0).get("facets").get("provenant")).remove("weightsDigest");
        })), "is required");
        refused(422, "outputs[0].name", text(event("sft-complete.json", e -> {
            ((ObjectNode) e.get("run")).put("runId", "0192f0a4-6c1e-7b1a-9d7e-5a1f3c2b4d09");
            ((ObjectNode) e.get("outputs").get(0)).put("name", "bad name!");
        })), "must match");
        assertNull(GraphQL.ok("artifact", Map.of("ref", "training-run:sft-7b-ol@0192f0a4-6c1e-7b1a-9d7e-5a1f3c2b4d09"))
                .get("data.artifact"));
        assertEquals(journal, journalSize(), "refused events write nothing");

        // The same run, type and time with other content: a conflict, and nothing written.
        String start = text(event("sft-start.json", e -> ((ObjectNode) e.get("run")).put("runId", "0192f0a4-6c1e-7b1a-9d7e-5a1f3c2b4d0a")));
        post(start).then().statusCode(201);
        refused(409, "run.runId", text(event("sft-start.json", e -> {
            ((ObjectNode) e.get("run")).put("runId", "0192f0a4-6c1e-7b1a-9d7e-5a1f3c2b4d0a");
            ((ObjectNode) e.get("job")).put("name", "other-job");
        })), "already recorded");
        assertEquals(journal + 1, journalSize());
    }

    private void refused(int status, String field, String body, String message) {
        Response response = post(body);
        response.then().statusCode(status);
        JsonPath json = response.jsonPath();
        assertEquals(field, json.getString("field"), json.prettify());
        assertTrue(json.getString("message").contains(message), json.getString("message"));
        assertEquals(List.of(json.getString("message")), json.getList("errors"));
    }

    private static ObjectNode provenant(ObjectNode event) {
        return (ObjectNode) event.get("run").get("facets").get("provenant");
    }

    private static void version(ObjectNode event, int input, String version) {
        ((ObjectNode) event.get("inputs").get(input).get("facets").get("version")).put("datasetVersion", version);
    }

    private Response post(Object body) {
        return given().contentType(ContentType.JSON).body(body instanceof ObjectNode node ? text(node) : body)
                .when().post("/api/v1/lineage");
    }

    private String text(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode event(String file) {
        return event(file, e -> {
        });
    }

    private ObjectNode event(String file, Consumer<ObjectNode> change) {
        try (InputStream in = getClass().getResourceAsStream("/openlineage/" + file)) {
            ObjectNode event = (ObjectNode) mapper.readTree(in);
            change.accept(event);
            return event;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long journalSize() {
        return stores.journalSize();
    }
}
