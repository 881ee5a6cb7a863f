package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * lineageDiff between the story's release and a second release: an SFT run on hh-train@2 (rubric v2 labels
 * fb-101..106 plus five new ones) from the base checkpoint, passed by a gate that read calibration v2.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class LineageDiffTest {

    static final String TRAIN_V2 = "dataset:hh-train@2";
    static final String RUN_V2 = "training-run:sft-7b@2";
    static final String SFT_V2 = "checkpoint:sft-7b@2";
    static final String GATE_V2 = "gate:ship-assistant-7b@2";
    static final String RELEASE_V2 = "release:assistant@2026.12";

    @BeforeEach
    void releases() {
        StoryFixture.ensureBuilt();
        List<Map<String, Object>> events = new ArrayList<>();
        List<String> members = new ArrayList<>(FEEDBACK_V2.subList(0, 6));
        for (int i = 0; i < 5; i++) {
            members.add("feedback:fb-2" + i + "@1");
            events.add(feedback(members.get(members.size() - 1), "Prompt v2 new #" + i, 4.0, ALICE, RUBRIC_V2, POLICY_V2));
        }
        GraphQL.ok("recordFeedback", Map.of("events", events));
        GraphQL.ok("registerDataset", Map.of("input", input(TRAIN_V2, "split", "TRAIN", "selectionRule", "rubric v2 labels only",
                "supersedes", TRAIN)));
        GraphQL.ok("addDatasetMembers", Map.of("dataset", TRAIN_V2, "members", members));
        GraphQL.ok("sealDataset", Map.of("dataset", TRAIN_V2));
        GraphQL.ok("registerTrainingRun", Map.of("input", input(RUN_V2, "method", "SFT", "datasets", List.of(TRAIN_V2),
                "baseCheckpoint", BASE, "config", m("promptTemplate", "chat-v3", "roleFormat", "system-user-assistant", "codeCommit", "5a1b"))));
        GraphQL.ok("registerCheckpoint", Map.of("input", input(SFT_V2, "producedBy", RUN_V2, "uri", "s3://models/sft-7b-2", "weightsDigest", "w2")));
        // No eval run yet, so ship-gate@4 fails on REGRESSION_EVIDENCE; dana (approver) overrides carol's request.
        GraphQL.ok("evaluateGate", Map.of("input", input(GATE_V2, "gatePolicy", GATE_POLICY, "checkpoint", SFT_V2,
                "requestedBy", CAROL)));
        GraphQL.okAs(Api.approver("dana"), "registerRelease", Map.of("input", input(RELEASE_V2, "checkpoint", SFT_V2, "gate", GATE_V2,
                "override", m("approvedBy", DANA, "justification", "Hotfix of the v1 labels only; the eval suite runs on the next build."))));
    }

    @Test
    void twoReleasesDifferAsWrittenOutByHand() {
        JsonPath d = GraphQL.ok("lineageDiff", m("from", RELEASE, "to", RELEASE_V2));
        // Labels are compared per rubric version below, not walked: what both releases were made from is the base, the
        // gate policy both decisions were evaluated under, and carol, who asked for both.
        assertEquals(3, d.getInt("data.lineageDiff.inBoth"), "base, gate-policy ship-gate@4, carol");
        List<Map<String, Object>> onlyFrom = d.getList("data.lineageDiff.onlyInFrom");
        Set<String> fromRefs = new java.util.HashSet<>();
        onlyFrom.forEach(k -> fromRefs.addAll((List<String>) k.get("refs")));
        assertEquals(Set.of(RELEASE, GATE, FINAL, EVAL_RUN, RM_CALIBRATION, RL_RUN, TRAIN, SFT, RM, HELD_OUT, EVAL, SFT_RUN, RM_RUN,
                RM_PREFS), fromRefs);
        assertEquals(List.of(Map.of("kind", "REVIEWER", "count", 1, "refs", List.of(DANA)),
                Map.of("kind", "DATASET", "count", 1, "refs", List.of(TRAIN_V2)),
                Map.of("kind", "TRAINING_RUN", "count", 1, "refs", List.of(RUN_V2)),
                Map.of("kind", "CHECKPOINT", "count", 1, "refs", List.of(SFT_V2)),
                Map.of("kind", "GATE", "count", 1, "refs", List.of(GATE_V2)),
                Map.of("kind", "RELEASE", "count", 1, "refs", List.of(RELEASE_V2))), d.getList("data.lineageDiff.onlyInTo"));
        assertEquals(List.of(
                Map.of("kind", "CHECKPOINT", "key", "sft-7b", "fromVersions", List.of("1"), "toVersions", List.of("2")),
                Map.of("kind", "DATASET", "key", "hh-train", "fromVersions", List.of("1"), "toVersions", List.of("2")),
                Map.of("kind", "GATE", "key", "ship-assistant-7b", "fromVersions", List.of("1"), "toVersions", List.of("2")),
                Map.of("kind", "RELEASE", "key", "assistant", "fromVersions", List.of("2026.11"), "toVersions", List.of("2026.12")),
                Map.of("kind", "TRAINING_RUN", "key", "sft-7b", "fromVersions", List.of("1"), "toVersions", List.of("2"))),
                d.getList("data.lineageDiff.versionChanges"));
        assertEquals(List.of(Map.of("rubric", RUBRIC_V1, "policy", POLICY_V1, "onlyInFrom", 7, "onlyInTo", 0, "inBoth", 0),
                Map.of("rubric", RUBRIC_V2, "policy", POLICY_V2, "onlyInFrom", 2, "onlyInTo", 5, "inBoth", 6)),
                d.getList("data.lineageDiff.labels"));
        assertEquals(List.of("checkpoint:sft-7b 1→2", "dataset:hh-train 1→2", "gate:ship-assistant-7b 1→2",
                "release:assistant 2026.11→2026.12", "training-run:sft-7b 1→2", RUBRIC_V1 + " dropped (7 labels)",
                "+5 labels under " + RUBRIC_V2, "-2 labels under " + RUBRIC_V2), d.getList("data.lineageDiff.summary"));
        assertFalse(d.getBoolean("data.lineageDiff.truncated"));
    }

    @Test
    void asOfBeforeTheSecondReleaseItDidNotExistYet() {
        JsonPath before = GraphQL.run("lineageDiff", m("from", RELEASE, "to", RELEASE_V2, "asOf", builtAt()));
        assertEquals("NOT_FOUND", before.getString("errors[0].extensions.code"), before.prettify());
        assertEquals("to", before.getString("errors[0].extensions.field"));
        assertTrue(before.getString("errors[0].message").contains("did not exist as of " + builtAt()), before.getString("errors[0].message"));
        JsonPath after = GraphQL.ok("lineageDiff", m("from", RELEASE, "to", RELEASE_V2,
                "asOf", java.time.Instant.now().toString()));
        assertEquals(List.of(Map.of("kind", "REVIEWER", "count", 1, "refs", List.of(DANA)),
                Map.of("kind", "DATASET", "count", 1, "refs", List.of(TRAIN_V2)),
                Map.of("kind", "TRAINING_RUN", "count", 1, "refs", List.of(RUN_V2)),
                Map.of("kind", "CHECKPOINT", "count", 1, "refs", List.of(SFT_V2)),
                Map.of("kind", "GATE", "count", 1, "refs", List.of(GATE_V2)),
                Map.of("kind", "RELEASE", "count", 1, "refs", List.of(RELEASE_V2))), after.getList("data.lineageDiff.onlyInTo"));
    }

    @Test
    void anArtifactDiffedWithItselfHasNoDifferences() {
        JsonPath d = GraphQL.ok("lineageDiff", m("from", RELEASE, "to", RELEASE));
        assertEquals(List.of(), d.getList("data.lineageDiff.summary"));
        assertEquals(List.of(), d.getList("data.lineageDiff.onlyInFrom"));
        assertEquals(0, d.getInt("data.lineageDiff.edgesOnlyInTo"));
        assertEquals(17, d.getInt("data.lineageDiff.inBoth"), "the release's upstream without labels and SUPERSEDES");
    }

    @jakarta.inject.Inject
    io.provenant.graph.GraphReader graph;

    @Test
    void tenOrAThousandLabelsCostTheSameStatements() {
        ReleaseProvenanceTest.miniRelease("diff-10", 10);
        ReleaseProvenanceTest.miniRelease("diff-1000", 1000);
        long before = graph.statementsSent();
        JsonPath small = GraphQL.ok("lineageDiff", m("from", "release:diff-10@1", "to", BASE));
        long smallStatements = graph.statementsSent() - before;
        before = graph.statementsSent();
        JsonPath large = GraphQL.ok("lineageDiff", m("from", "release:diff-1000@1", "to", BASE));
        long largeStatements = graph.statementsSent() - before;
        assertEquals(List.of(Map.of("rubric", "rubric:diff-1000@1", "policy", POLICY_V2, "onlyInFrom", 1000, "onlyInTo", 0, "inBoth", 0)),
                large.getList("data.lineageDiff.labels"));
        assertEquals(10, small.getInt("data.lineageDiff.labels[0].onlyInFrom"));
        assertEquals(smallStatements, largeStatements);
        assertTrue(largeStatements <= 2 * (50 + 2) + 1, "two bounded walks and one label statement: " + largeStatements);
    }

    @Test
    void badArgumentsAreClearErrors() {
        JsonPath missing = GraphQL.run("lineageDiff", m("from", RELEASE, "to", "release:nope@1"));
        assertEquals("NOT_FOUND", missing.getString("errors[0].extensions.code"));
        assertEquals("to", missing.getString("errors[0].extensions.field"));
        JsonPath bad = GraphQL.run("lineageDiff", m("from", "nope", "to", RELEASE));
        assertEquals("INVALID_INPUT", bad.getString("errors[0].extensions.code"));
        assertEquals("from", bad.getString("errors[0].extensions.field"));
    }
}
