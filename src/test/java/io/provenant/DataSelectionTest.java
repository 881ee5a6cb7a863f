package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Data selection: a dataset version records its rule, filters, parents and split; datasets take final labels
 * only; sealing checks disjointness by normalized prompt from the datasets named in disjointFrom (recorded, or
 * refused when strict).
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class DataSelectionTest {

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    private static Map<String, Object> selection(String dataset) {
        return GraphQL.ok("datasetSelection", Map.of("dataset", dataset)).getMap("data.datasetSelection");
    }

    private static void dataset(String ref, Object... fields) {
        Object[] all = new Object[fields.length + 2];
        all[0] = "selectionRule";
        all[1] = "test selection";
        System.arraycopy(fields, 0, all, 2, fields.length);
        GraphQL.ok("registerDataset", Map.of("input", input(ref, all)));
    }

    private static void members(String dataset, List<String> members) {
        GraphQL.ok("addDatasetMembers", Map.of("dataset", dataset, "members", members));
    }

    private static Map<String, Object> label(String ref, String prompt, double rating) {
        return feedback(ref, prompt, rating, ALICE, RUBRIC_V2, POLICY_V2);
    }

    @Test
    void theStorysEvalSplitRecordsThePlantedLeakAndTheHeldOutSplitNone() {
        Map<String, Object> eval = selection(EVAL);
        assertEquals(EVAL, eval.get("dataset"));
        assertEquals("EVAL", eval.get("split"));
        assertEquals(List.of(TRAIN), eval.get("disjointFrom"));
        assertEquals(false, eval.get("strict"));
        assertEquals(true, eval.get("sealed"));
        assertEquals(1, eval.get("memberCount"));
        // fb-108 "  prompt V1   #5\n" is fb-006's "Prompt v1 #5" up to case and white space: 1 prompt, 1 example.
        assertEquals(List.of(Map.of("dataset", TRAIN, "prompts", 1, "examples", List.of(FEEDBACK_V2.get(7)))), eval.get("overlaps"));

        Map<String, Object> heldOut = selection(HELD_OUT);
        assertEquals(List.of(Map.of("dataset", TRAIN, "prompts", 0, "examples", List.of())), heldOut.get("overlaps"));
        assertEquals(3, heldOut.get("memberCount"));

        Map<String, Object> train = selection(TRAIN);
        assertEquals("TRAIN", train.get("split"));
        assertEquals("final labels of rubric v1+v2, rating >= 1, excluding held-out prompts", train.get("selectionRule"));
        assertEquals(TRAIN_RULE_VERSION, train.get("selectionRuleVersion"));
        assertEquals(TRAIN_FILTERS, train.get("feedbackFilters"));
        assertEquals(List.of(), train.get("disjointFrom"));
        assertEquals(List.of(), train.get("overlaps"));
        assertEquals(11, train.get("memberCount"));
        assertEquals(List.of(TRAIN), selection(RM_PREFS).get("derivedFrom"));

        // Stored: the seal's journal entry, dataset_overlap, and the graph.
        String sealPayload = stores.sqlText("SELECT payload FROM journal WHERE operation = 'seal' AND ref = '" + EVAL + "'");
        assertTrue(sealPayload.contains("\"overlaps\":[{\"dataset\":\"" + TRAIN + "\",\"examples\":[\"" + FEEDBACK_V2.get(7)
                + "\"],\"prompts\":1}]"), sealPayload);
        assertEquals(1, stores.sql("SELECT o.prompts FROM dataset_overlap o JOIN artifact a ON a.id = o.dataset_id WHERE a.ref = ?", EVAL));
        assertEquals(1, stores.cypher("MATCH (d:Dataset {ref: $ref}) RETURN d.overlapPrompts AS n", Map.of("ref", EVAL)));
        assertEquals(0, stores.cypher("MATCH (d:Dataset {ref: $ref}) RETURN d.overlapPrompts AS n", Map.of("ref", HELD_OUT)));
        assertEquals(1, stores.edges(EVAL, "DISJOINT_FROM", TRAIN));
        assertEquals(1, stores.edges(HELD_OUT, "DISJOINT_FROM", TRAIN));
    }

    @Test
    void aNonStrictOverlapIsRecordedWithHandComputedCounts() {
        GraphQL.ok("recordFeedback", Map.of("events", List.of(
                label("feedback:sel-t1@1", "Sel prompt one", 4.0), label("feedback:sel-t2@1", "Sel prompt two", 4.0),
                label("feedback:sel-t3@1", "Sel prompt three", 4.0),
                label("feedback:sel-t4a@1", "Sel prompt four", 1.0), feedback("feedback:sel-t4b@1", "Sel prompt four", 5.0, BOB, RUBRIC_V2, POLICY_V2),
                label("feedback:sel-e1@1", "SEL PROMPT ONE", 3.0), label("feedback:sel-e2@1", "  sel prompt\ttwo ", 3.0),
                label("feedback:sel-e3@1", "sel prompt one", 3.0), label("feedback:sel-e4@1", "Sel  prompt four", 3.0),
                label("feedback:sel-e5@1", "Sel prompt five", 3.0))));
        GraphQL.ok("registerAdjudication", Map.of("input", input("adjudication:sel-t4@1",
                "resolves", List.of("feedback:sel-t4a@1", "feedback:sel-t4b@1"), "adjudicator", CAROL, "rubric", RUBRIC_V2,
                "finalJudgment", m("type", "RATING", "rating", 3.0), "rationale", "split the difference")));
        dataset("dataset:sel-train@1", "split", "TRAIN");
        members("dataset:sel-train@1", List.of("feedback:sel-t1@1", "feedback:sel-t2@1", "feedback:sel-t3@1", "adjudication:sel-t4@1"));
        GraphQL.ok("sealDataset", Map.of("dataset", "dataset:sel-train@1"));
        dataset("dataset:sel-eval@1", "split", "EVAL", "disjointFrom", List.of("dataset:sel-train@1"));
        members("dataset:sel-eval@1", List.of("feedback:sel-e5@1", "feedback:sel-e4@1", "feedback:sel-e3@1", "feedback:sel-e2@1", "feedback:sel-e1@1"));
        JsonPath sealed = GraphQL.ok("sealDataset", Map.of("dataset", "dataset:sel-eval@1"));
        assertTrue(sealed.getBoolean("data.sealDataset.dataset.sealed"));

        // By hand: e1 and e3 share t1's prompt, e2 t2's, e4 the adjudicated item's (t4a/t4b); e5 is new.
        // 3 distinct prompts (one, two, four); overlapping members e1, e2, e3, e4 in ref order.
        Map<String, Object> eval = selection("dataset:sel-eval@1");
        assertEquals(List.of(Map.of("dataset", "dataset:sel-train@1", "prompts", 3,
                "examples", List.of("feedback:sel-e1@1", "feedback:sel-e2@1", "feedback:sel-e3@1", "feedback:sel-e4@1"))), eval.get("overlaps"));
        assertEquals(5, eval.get("memberCount"));
        assertEquals(3, stores.cypher("MATCH (d:Dataset {ref: 'dataset:sel-eval@1'}) RETURN d.overlapPrompts AS n", Map.of()));
    }

    @Test
    void aStrictSealWithAnOverlapIsRefusedAndWritesNothing() {
        GraphQL.ok("recordFeedback", Map.of("events", List.of(
                label("feedback:strict-t1@1", "Strict prompt one", 4.0), label("feedback:strict-t2@1", "Strict prompt two", 4.0),
                label("feedback:strict-h1@1", "strict PROMPT two", 2.0), label("feedback:strict-h2@1", "Strict prompt three", 2.0))));
        dataset("dataset:strict-train@1", "split", "TRAIN");
        members("dataset:strict-train@1", List.of("feedback:strict-t1@1", "feedback:strict-t2@1"));
        GraphQL.ok("sealDataset", Map.of("dataset", "dataset:strict-train@1"));
        dataset("dataset:strict-heldout@1", "split", "HELD_OUT", "disjointFrom", List.of("dataset:strict-train@1"), "strict", true);
        members("dataset:strict-heldout@1", List.of("feedback:strict-h1@1", "feedback:strict-h2@1"));

        long journal = stores.journalSize();
        JsonPath refused = GraphQL.run("sealDataset", Map.of("dataset", "dataset:strict-heldout@1"));
        assertNull(refused.get("data"));
        assertEquals("CONFLICT", refused.getString("errors[0].extensions.code"));
        assertEquals("dataset", refused.getString("errors[0].extensions.field"));
        assertEquals("dataset: 'dataset:strict-heldout@1' is strict and shares 1 normalized prompt with 'dataset:strict-train@1'"
                + " (members feedback:strict-h1@1); nothing was sealed. Remove them in a new version of the dataset.",
                refused.getString("errors[0].message"));
        assertEquals(journal, stores.journalSize());
        assertEquals(0, stores.sql("SELECT count(*) FROM dataset_state ds JOIN artifact a ON a.id = ds.artifact_id"
                + " WHERE a.ref = 'dataset:strict-heldout@1' AND ds.sealed_at IS NOT NULL"));
        assertEquals(0, stores.sql("SELECT count(*) FROM dataset_overlap o JOIN artifact a ON a.id = o.dataset_id"
                + " WHERE a.ref = 'dataset:strict-heldout@1'"));
        Map<String, Object> unsealed = selection("dataset:strict-heldout@1");
        assertEquals(false, unsealed.get("sealed"));
        assertEquals(true, unsealed.get("strict"));
        assertEquals(List.of(), unsealed.get("overlaps"));

        // A strict version without the overlap seals, recording 0 shared prompts.
        dataset("dataset:strict-heldout@2", "split", "HELD_OUT", "disjointFrom", List.of("dataset:strict-train@1"), "strict", true,
                "supersedes", "dataset:strict-heldout@1");
        members("dataset:strict-heldout@2", List.of("feedback:strict-h2@1"));
        GraphQL.ok("sealDataset", Map.of("dataset", "dataset:strict-heldout@2"));
        assertEquals(List.of(Map.of("dataset", "dataset:strict-train@1", "prompts", 0, "examples", List.of())),
                selection("dataset:strict-heldout@2").get("overlaps"));
    }

    @Test
    void aTrainSplitSealedAfterItsHeldOutSetIsCheckedToo() {
        GraphQL.ok("recordFeedback", Map.of("events", List.of(
                label("feedback:late-h1@1", "Late prompt one", 4.0), label("feedback:late-t1@1", "late prompt ONE", 4.0),
                label("feedback:late-t2@1", "Late prompt two", 4.0))));
        dataset("dataset:late-heldout@1", "split", "HELD_OUT");
        members("dataset:late-heldout@1", List.of("feedback:late-h1@1"));
        GraphQL.ok("sealDataset", Map.of("dataset", "dataset:late-heldout@1"));
        dataset("dataset:late-train@1", "split", "TRAIN", "disjointFrom", List.of("dataset:late-heldout@1"), "strict", true);
        members("dataset:late-train@1", List.of("feedback:late-t1@1", "feedback:late-t2@1"));
        long journal = stores.journalSize();
        JsonPath refused = GraphQL.run("sealDataset", Map.of("dataset", "dataset:late-train@1"));
        assertEquals("CONFLICT", refused.getString("errors[0].extensions.code"));
        assertTrue(refused.getString("errors[0].message").contains("shares 1 normalized prompt with 'dataset:late-heldout@1'"
                + " (members feedback:late-t1@1)"), refused.getString("errors[0].message"));
        assertEquals(journal, stores.journalSize());
    }

    @Test
    void disjointFromAnUnsealedDatasetIsRefused() {
        GraphQL.ok("recordFeedback", Map.of("events", List.of(label("feedback:open-1@1", "Open prompt one", 4.0),
                label("feedback:open-2@1", "Open prompt two", 4.0))));
        dataset("dataset:open-train@1", "split", "TRAIN");
        members("dataset:open-train@1", List.of("feedback:open-1@1"));
        dataset("dataset:open-eval@1", "split", "EVAL", "disjointFrom", List.of("dataset:open-train@1"));
        members("dataset:open-eval@1", List.of("feedback:open-2@1"));
        long journal = stores.journalSize();
        JsonPath refused = GraphQL.run("sealDataset", Map.of("dataset", "dataset:open-eval@1"));
        assertEquals("INVALID_INPUT", refused.getString("errors[0].extensions.code"));
        assertEquals("dataset", refused.getString("errors[0].extensions.field"));
        assertTrue(refused.getString("errors[0].message").contains("must be disjoint from 'dataset:open-train@1', which is not sealed yet"),
                refused.getString("errors[0].message"));
        assertEquals(journal, stores.journalSize());
        assertFalse((Boolean) selection("dataset:open-eval@1").get("sealed"));
    }

    @Test
    void anAdjudicatedLabelIsRefusedAsAMemberWhenAddedAndWhenSealed() {
        // Add path: fb-001 is resolved by the story's adjudication.
        dataset("dataset:final-only@1", "split", "TRAIN");
        long journal = stores.journalSize();
        JsonPath refused = GraphQL.run("addDatasetMembers", Map.of("dataset", "dataset:final-only@1",
                "members", List.of(FEEDBACK_V1.get(2), FEEDBACK_V1.get(0))));
        assertNull(refused.get("data"));
        assertEquals("INVALID_INPUT", refused.getString("errors[0].extensions.code"));
        assertEquals("members[1]", refused.getString("errors[0].extensions.field"));
        assertEquals("members[1]: '" + FEEDBACK_V1.get(0) + "' is resolved by '" + ADJUDICATION + "': datasets take final labels only;"
                + " add '" + ADJUDICATION + "' instead.", refused.getString("errors[0].message"));
        assertEquals(journal, stores.journalSize());
        assertEquals(0, stores.sql("SELECT count(*) FROM dataset_member m JOIN artifact a ON a.id = m.dataset_id WHERE a.ref = 'dataset:final-only@1'"));
        members("dataset:final-only@1", List.of(FEEDBACK_V1.get(2), ADJUDICATION));

        // Seal path: the adjudication arrives after its label was added.
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(feedback("feedback:late-adj-1@1", "Late adjudication prompt", 1.0, ALICE, RUBRIC_V2, POLICY_V2));
        events.add(feedback("feedback:late-adj-2@1", "Late adjudication prompt", 5.0, BOB, RUBRIC_V2, POLICY_V2));
        GraphQL.ok("recordFeedback", Map.of("events", events));
        dataset("dataset:late-adj@1", "split", "TRAIN");
        members("dataset:late-adj@1", List.of("feedback:late-adj-1@1"));
        GraphQL.ok("registerAdjudication", Map.of("input", input("adjudication:late-adj@1",
                "resolves", List.of("feedback:late-adj-1@1", "feedback:late-adj-2@1"), "adjudicator", CAROL, "rubric", RUBRIC_V2,
                "finalJudgment", m("type", "RATING", "rating", 4.0), "rationale", "r")));
        journal = stores.journalSize();
        JsonPath seal = GraphQL.run("sealDataset", Map.of("dataset", "dataset:late-adj@1"));
        assertEquals("CONFLICT", seal.getString("errors[0].extensions.code"));
        assertEquals("dataset", seal.getString("errors[0].extensions.field"));
        assertTrue(seal.getString("errors[0].message").contains("Member 'feedback:late-adj-1@1' of 'dataset:late-adj@1' is resolved by"
                + " 'adjudication:late-adj@1'"), seal.getString("errors[0].message"));
        assertEquals(journal, stores.journalSize());
        assertFalse((Boolean) selection("dataset:late-adj@1").get("sealed"));
    }

    @Test
    void anUnknownDatasetIsNotFound() {
        JsonPath missing = GraphQL.run("datasetSelection", Map.of("dataset", "dataset:nope@1"));
        assertEquals("NOT_FOUND", missing.getString("errors[0].extensions.code"));
        assertEquals("dataset", missing.getString("errors[0].extensions.field"));
    }
}
