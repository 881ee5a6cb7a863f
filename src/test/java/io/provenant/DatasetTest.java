package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Datasets are registered, filled in idempotent pieces, sealed with a content digest, and never change after. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class DatasetTest {

    private static final String DATASET = "dataset:pieces@1";

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void membersArriveInPiecesIdempotentlyThenTheSealFixesTheContentDigest() throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(feedback("feedback:pieces-" + i + "@1", "pieces prompt " + i, 2.0, BOB, RUBRIC_V2, POLICY_V2));
            refs.add("feedback:pieces-" + i + "@1");
        }
        GraphQL.ok("recordFeedback", Map.of("events", events));
        JsonPath registered = GraphQL.ok("registerDataset", Map.of("input", input(DATASET, "split", "TRAIN", "selectionRule", "pieces")));
        String datasetDigest = registered.getString("data.registerDataset.artifact.digest");

        JsonPath first = GraphQL.ok("addDatasetMembers", Map.of("dataset", DATASET, "members", refs.subList(0, 20)));
        assertEquals(20, first.getLong("data.addDatasetMembers.added"));
        long journal = stores.journalSize();
        JsonPath overlap = GraphQL.ok("addDatasetMembers", Map.of("dataset", DATASET, "members", refs.subList(10, 30)));
        assertEquals(10, overlap.getLong("data.addDatasetMembers.added"));
        assertEquals(30, overlap.getLong("data.addDatasetMembers.memberCount"));
        assertEquals(journal + 1, stores.journalSize(), "one journal entry per call that added something");
        JsonPath again = GraphQL.ok("addDatasetMembers", Map.of("dataset", DATASET, "members", refs));
        assertEquals(0, again.getLong("data.addDatasetMembers.added"));
        assertEquals(journal + 1, stores.journalSize(), "a repeat adds nothing and journals nothing");
        assertEquals(30, stores.cypher("MATCH (:Dataset {ref: $ref})-[r:HAS_MEMBER]->(:Feedback) RETURN count(r) AS n", Map.of("ref", DATASET)));

        JsonPath sealed = GraphQL.ok("sealDataset", Map.of("dataset", DATASET));
        String contentDigest = sealed.getString("data.sealDataset.dataset.contentDigest");
        assertTrue(sealed.getBoolean("data.sealDataset.dataset.sealed"));
        assertEquals(30, sealed.getLong("data.sealDataset.dataset.memberCount"));
        assertNotNull(sealed.getString("data.sealDataset.dataset.sealedAt"));

        // The documented algorithm, recomputed from the members' digests as the API reports them.
        TreeMap<String, String> digests = new TreeMap<>();
        for (String ref : refs) {
            digests.put(ref, GraphQL.ok("artifact", Map.of("ref", ref)).getString("data.artifact.digest"));
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((datasetDigest + "\n").getBytes(StandardCharsets.UTF_8));
        digests.forEach((ref, digest) -> sha.update((ref + " " + digest + "\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals(HexFormat.of().formatHex(sha.digest()), contentDigest);
        assertEquals(1, stores.cypher("MATCH (d:Dataset {ref: $ref, sealed: true, contentDigest: $digest, memberCount: 30})"
                + " RETURN count(d) AS n", Map.of("ref", DATASET, "digest", contentDigest)));

        long afterSeal = stores.journalSize();
        JsonPath resealed = GraphQL.ok("sealDataset", Map.of("dataset", DATASET));
        assertEquals(contentDigest, resealed.getString("data.sealDataset.dataset.contentDigest"));
        assertEquals(afterSeal, stores.journalSize(), "sealing twice is a no-op");

        JsonPath retry = GraphQL.ok("addDatasetMembers", Map.of("dataset", DATASET, "members", refs.subList(0, 5)));
        assertEquals(0, retry.getLong("data.addDatasetMembers.added"), "retrying members already in a sealed version is a no-op");
        JsonPath refused = GraphQL.run("addDatasetMembers", Map.of("dataset", DATASET, "members", List.of(refs.get(0), FEEDBACK_V1.get(0))));
        assertEquals("CONFLICT", refused.getString("errors[0].extensions.code"));
        assertEquals("members[1]", refused.getString("errors[0].extensions.field"));
        assertTrue(refused.getString("errors[0].message").contains("is sealed and does not contain 'feedback:fb-001@1'"),
                refused.getString("errors[0].message"));
        assertEquals(30, stores.sql("SELECT count(*) FROM dataset_member m JOIN artifact a ON a.id = m.dataset_id WHERE a.ref = ?", DATASET));
        assertEquals(afterSeal, stores.journalSize());
    }

    @Test
    void membershipMistakesAreRefusedAndWriteNothing() {
        GraphQL.ok("registerDataset", Map.of("input", input("dataset:mistakes@1", "split", "EVAL", "selectionRule", "x")));
        long journal = stores.journalSize();
        JsonPath wrongKind = GraphQL.run("addDatasetMembers", Map.of("dataset", "dataset:mistakes@1", "members", List.of(FEEDBACK_V1.get(0), ALICE)));
        assertEquals("INVALID_INPUT", wrongKind.getString("errors[0].extensions.code"));
        assertEquals("members[1]", wrongKind.getString("errors[0].extensions.field"));
        JsonPath missing = GraphQL.run("addDatasetMembers", Map.of("dataset", "dataset:mistakes@1",
                "members", List.of(FEEDBACK_V1.get(0), "feedback:missing@1")));
        assertEquals("NOT_FOUND", missing.getString("errors[0].extensions.code"));
        assertEquals("members[1]", missing.getString("errors[0].extensions.field"));
        JsonPath noDataset = GraphQL.run("addDatasetMembers", Map.of("dataset", "dataset:nope@1", "members", List.of(FEEDBACK_V1.get(0))));
        assertEquals("NOT_FOUND", noDataset.getString("errors[0].extensions.code"));
        JsonPath empty = GraphQL.run("sealDataset", Map.of("dataset", "dataset:mistakes@1"));
        assertEquals("INVALID_INPUT", empty.getString("errors[0].extensions.code"));
        assertTrue(empty.getString("errors[0].message").contains("has no members"));
        assertEquals(journal, stores.journalSize());
        assertEquals(0, stores.sql("SELECT count(*) FROM dataset_member m JOIN artifact a ON a.id = m.dataset_id WHERE a.ref = 'dataset:mistakes@1'"));
    }
}
