package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import io.provenant.graph.GraphReader;
import io.provenant.lineage.Provenance;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** releaseProvenance on the story fixture: the expected answer written out by hand. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class ReleaseProvenanceTest {

    @Inject
    GraphReader graph;

    @Inject
    Driver driver;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    private static JsonPath provenance(Object... variables) {
        return GraphQL.ok("releaseProvenance", m(variables));
    }

    @Test
    void theChainBehindTheRelease() {
        JsonPath p = provenance("release", RELEASE, "asOf", builtAt());
        assertEquals(RELEASE, p.getString("data.releaseProvenance.release.ref"));
        assertEquals(GATE, p.getString("data.releaseProvenance.gate.ref"));
        assertEquals(FINAL, p.getString("data.releaseProvenance.checkpoint.ref"));
        assertEquals(List.of(BASE, SFT, RM), p.getList("data.releaseProvenance.upstreamCheckpoints.ref"));
        assertEquals(List.of(SFT_RUN, RM_RUN, RL_RUN), p.getList("data.releaseProvenance.trainingRuns.ref"));
        assertEquals(List.of(TRAIN, RM_PREFS), p.getList("data.releaseProvenance.datasets.ref"));
        assertEquals(List.of(true, true), p.getList("data.releaseProvenance.datasets.dataset.sealed"));
        assertEquals(List.of(11, 6), p.getList("data.releaseProvenance.datasets.dataset.memberCount"));
        assertEquals(List.of(EVAL_RUN, RM_CALIBRATION), p.getList("data.releaseProvenance.evalRuns.ref"));
        assertEquals(List.of(HELD_OUT, EVAL), p.getList("data.releaseProvenance.evalDatasets.ref"));
    }

    @Test
    void labelsGroupedByRubricVersion() {
        JsonPath p = provenance("release", RELEASE, "asOf", builtAt());
        assertEquals(List.of(RUBRIC_V1, RUBRIC_V2), p.getList("data.releaseProvenance.rubricGroups.rubric"));
        assertEquals(List.of(POLICY_V1, POLICY_V2), p.getList("data.releaseProvenance.rubricGroups.policy"));
        assertEquals(List.of(5, 6), p.getList("data.releaseProvenance.rubricGroups.labelCount"));
        assertEquals(List.of(3, 2), p.getList("data.releaseProvenance.rubricGroups.reviewerCount"));
        assertEquals(List.of(Map.of("label", "2.0", "count", 1), Map.of("label", "4.0", "count", 4)),
                p.getList("data.releaseProvenance.rubricGroups[0].labelDistribution"));
        assertEquals(List.of(Map.of("label", "3.0", "count", 2), Map.of("label", "4.0", "count", 2), Map.of("label", "5.0", "count", 2)),
                p.getList("data.releaseProvenance.rubricGroups[1].labelDistribution"));

        List<String> v1 = new ArrayList<>(FEEDBACK_V1.subList(2, 6));
        v1.add(ADJUDICATION);
        assertEquals(v1, p.getList("data.releaseProvenance.rubricGroups[0].labels.nodes.ref"));
        assertEquals(FEEDBACK_V2.subList(0, 6), p.getList("data.releaseProvenance.rubricGroups[1].labels.nodes.ref"));
        Map<String, Object> first = p.getMap("data.releaseProvenance.rubricGroups[0].labels.nodes[0]");
        assertEquals("feedback", first.get("kind"));
        assertEquals("Prompt v1 #2", first.get("prompt"));
        assertEquals(ALICE, first.get("reviewer"));
        assertEquals(POLICY_V1, first.get("policy"));
        assertEquals("RATING", first.get("judgmentType"));
        assertEquals(4.0f, ((Number) first.get("rating")).floatValue());
        assertEquals("subject-003", first.get("consentSubject"));
        Map<String, Object> adjudication = p.getMap("data.releaseProvenance.rubricGroups[0].labels.nodes[4]");
        assertEquals("adjudication", adjudication.get("kind"));
        assertEquals("2.0", adjudication.get("label"));
        assertEquals(CAROL, adjudication.get("reviewer"));
        assertEquals(List.of(FEEDBACK_V1.get(0), FEEDBACK_V1.get(1)), adjudication.get("resolves"));
        assertNull(adjudication.get("prompt"));

        assertEquals(List.of(Map.of("reviewer", ALICE, "labels", 2, "calibrated", true), Map.of("reviewer", BOB, "labels", 2, "calibrated", true),
                Map.of("reviewer", CAROL, "labels", 1, "calibrated", false)), p.getList("data.releaseProvenance.rubricGroups[0].reviewers.nodes"));
        assertEquals(List.of(Map.of("reviewer", ALICE, "labels", 3, "calibrated", true), Map.of("reviewer", BOB, "labels", 3, "calibrated", false)),
                p.getList("data.releaseProvenance.rubricGroups[1].reviewers.nodes"));
    }

    @Test
    void warningsAnAuditorMustSee() {
        JsonPath p = provenance("release", RELEASE, "asOf", builtAt());
        List<Map<String, Object>> warnings = p.getList("data.releaseProvenance.warnings");
        Set<String> found = warnings.stream().map(w -> w.get("code") + " " + w.get("refs")).collect(Collectors.toSet());
        assertEquals(Set.of(
                "DATASET_MIXES_RUBRIC_VERSIONS " + List.of(TRAIN, RUBRIC_V1, RUBRIC_V2),
                "UNCALIBRATED_REVIEWER " + List.of(CAROL, RUBRIC_V1),
                "UNCALIBRATED_REVIEWER " + List.of(BOB, RUBRIC_V2),
                "EVAL_PROMPT_IN_TRAINING " + List.of(EVAL, FEEDBACK_V2.get(7), FEEDBACK_V1.get(5)),
                "CONSENT_MISSING " + List.of(RUBRIC_V2, NO_CONSENT),
                "CONSENT_REVOKED " + List.of(TRAIN, RM_PREFS, FEEDBACK_V2.get(2))), found);
        assertEquals(6, warnings.size());
        Set<Object> messages = warnings.stream().map(w -> w.get("message")).collect(Collectors.toSet());
        assertTrue(messages.contains("3 label(s) by " + BOB + " under " + RUBRIC_V2
                + ", which no calibration under that rubric version passed."), messages.toString());
        assertTrue(messages.contains("1 label(s) under " + RUBRIC_V2
                + " in the training data were recorded without consent or provenance."), messages.toString());
        assertTrue(messages.contains("Consent of data subject consent-subject:" + REVOKED_SUBJECT + " was revoked at 2026-11-20T09:30:00Z"
                + "; 1 label(s) in " + TRAIN + ", " + RM_PREFS + " carry their feedback."),
                messages.toString());
    }

    @Test
    void aDatasetWithoutItsMemberRubricsIsReadMemberByMember() {
        // The projector leaves memberRubrics unset on a dataset sealed before all its members were projected (and
        // migration V0007 sets it on one sealed before it existed); the mixing warning then reads the members.
        JsonPath with = provenance("release", RELEASE, "asOf", builtAt());
        Object kept;
        try (Session session = driver.session()) {
            kept = session.run("MATCH (d:Artifact {ref: $ref}) WITH d, d.memberRubrics AS kept REMOVE d.memberRubrics RETURN kept",
                    Map.of("ref", TRAIN)).single().get("kept").asObject();
        }
        try {
            assertEquals(List.of(RUBRIC_V1, RUBRIC_V2), kept);
            JsonPath without = provenance("release", RELEASE, "asOf", builtAt());
            assertEquals(with.getList("data.releaseProvenance.warnings"), without.getList("data.releaseProvenance.warnings"));
            assertTrue(without.getList("data.releaseProvenance.warnings.code").contains("DATASET_MIXES_RUBRIC_VERSIONS"));
        } finally {
            try (Session session = driver.session()) {
                session.run("MATCH (d:Artifact {ref: $ref}) SET d.memberRubrics = $kept", Map.of("ref", TRAIN, "kept", kept)).consume();
            }
        }
    }

    /**
     * The calibrations are read once for all the (rubric, reviewer) pairs: read in the pairs' rows, the uncorrelated
     * subquery ran once per pair (580 pairs and 313,200 passed reviewers unwound at the bench's every size, ~150 ms).
     */
    @Test
    void reviewersReadTheCalibrationsOnce() {
        String cypher = Plans.statement("lineage/provenance-reviewers.cypher");
        try (Session session = driver.session()) {
            long calibrations = session.run("MATCH (c:Calibration) RETURN count(c) AS n").single().get("n").asLong();
            var result = session.run("PROFILE " + cypher, Map.of("datasets", List.of(TRAIN, RM_PREFS),
                    "asOf", java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
            List<org.neo4j.driver.Record> pairs = result.list();
            assertTrue(pairs.size() > 1, "several (rubric, reviewer) pairs: " + pairs);
            assertTrue(pairs.stream().anyMatch(r -> r.get("calibrated").asBoolean()), "a calibrated pair: " + pairs);
            List<Long> scans = Plans.rows(result.consume().profile(), op -> op.operatorType().startsWith("NodeByLabelScan")
                    && String.valueOf(op.arguments().get("Details")).contains(":Calibration"));
            assertEquals(List.of(calibrations), scans, "the calibrations read once for " + pairs.size() + " pairs");
        }
    }

    @Test
    void aRevocationRecordedAfterAsOfIsNotYetAWarning() {
        List<String> codes = provenance("release", RELEASE, "asOf", beforeRevocation()).getList("data.releaseProvenance.warnings.code");
        assertEquals(List.of(), codes.stream().filter("CONSENT_REVOKED"::equals).toList());
        assertTrue(codes.contains("CONSENT_MISSING"));
        assertEquals(5, codes.size());
    }

    @Test
    void labelPagesWalkEachGroupOnce() {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonPath p = provenance("release", RELEASE, "asOf", builtAt(), "labelsFirst", 2, "labelsAfter", after);
            seen.addAll(p.getList("data.releaseProvenance.rubricGroups[1].labels.nodes.ref"));
            boolean more = p.getBoolean("data.releaseProvenance.rubricGroups[1].labels.pageInfo.hasNextPage");
            after = more ? p.getString("data.releaseProvenance.rubricGroups[1].labels.pageInfo.endCursor") : null;
            pages++;
        } while (after != null);
        assertEquals(FEEDBACK_V2.subList(0, 6), seen);
        assertEquals(3, pages);
    }

    @Test
    void asOfBeforeTheReleaseAndBadArgumentsAreClearErrors() {
        String gateAt = GraphQL.ok("artifact", m("ref", GATE)).getString("data.artifact.registeredAt");
        JsonPath before = GraphQL.run("releaseProvenance", m("release", RELEASE, "asOf", gateAt));
        assertEquals("NOT_FOUND", before.getString("errors[0].extensions.code"));
        assertTrue(before.getString("errors[0].message").contains("did not exist as of"), before.prettify());
        JsonPath wrongKind = GraphQL.run("releaseProvenance", m("release", FINAL));
        assertEquals("INVALID_INPUT", wrongKind.getString("errors[0].extensions.code"));
        assertEquals("release", wrongKind.getString("errors[0].extensions.field"));
        JsonPath missing = GraphQL.run("releaseProvenance", m("release", "release:nope@1"));
        assertEquals("NOT_FOUND", missing.getString("errors[0].extensions.code"));
        JsonPath badPage = GraphQL.run("releaseProvenance", m("release", RELEASE, "labelsFirst", 0));
        assertEquals("INVALID_INPUT", badPage.getString("errors[0].extensions.code"));
        assertEquals("first", badPage.getString("errors[0].extensions.field"));
    }

    @Test
    void tenOrAThousandLabelsCostTheSameStatements() {
        miniRelease("mini-10", 10);
        miniRelease("mini-1000", 1000);
        long before = graph.statementsSent();
        JsonPath small = provenance("release", "release:mini-10@1", "labelsFirst", 5);
        long smallStatements = graph.statementsSent() - before;
        before = graph.statementsSent();
        JsonPath large = provenance("release", "release:mini-1000@1", "labelsFirst", 5);
        long largeStatements = graph.statementsSent() - before;
        assertEquals(List.of(10), small.getList("data.releaseProvenance.rubricGroups.labelCount"));
        assertEquals(List.of(1000), large.getList("data.releaseProvenance.rubricGroups.labelCount"));
        assertEquals(5, large.getList("data.releaseProvenance.rubricGroups[0].labels.nodes").size());
        assertTrue(large.getBoolean("data.releaseProvenance.rubricGroups[0].labels.pageInfo.hasNextPage"));
        // chain, distribution, reviewers, eval leaks, conflicts, mixing, revoked consent, reward models; one page of
        // labels (reviewers are paged from what the answer counted).
        assertEquals(9, smallStatements);
        assertEquals(9, largeStatements);
        assertFalse(large.getList("data.releaseProvenance.warnings.code").contains("DATASET_MIXES_RUBRIC_VERSIONS"));
    }

    @Test
    void trainingLabelsInConflictAreWarnedUntilAnAdjudicationResolvesThem() {
        String rubric = miniRubric("prov-conflict");
        String otherRubric = miniRubric("prov-conflict-other");
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            refs.add("feedback:prov-conflict-" + i + "@1");
        }
        // 0 and 1 judge item A differently; 2 and 3 agree on item B (6 differs, but under another rubric version);
        // 4 differs from 5 on item C, and 5 is not in the training data. Only 0..4 are members.
        JsonPath before = miniRelease("prov-conflict", List.of(
                feedback(refs.get(0), "conflict item A", 1.0, ALICE, rubric, POLICY_V2),
                feedback(refs.get(1), "conflict item A", 2.0, BOB, rubric, POLICY_V2),
                feedback(refs.get(2), "conflict item B", 3.0, ALICE, rubric, POLICY_V2),
                feedback(refs.get(3), "conflict item B", 3.0, BOB, rubric, POLICY_V2),
                feedback(refs.get(4), "conflict item C", 4.0, ALICE, rubric, POLICY_V2),
                feedback(refs.get(5), "conflict item C", 5.0, BOB, rubric, POLICY_V2),
                feedback(refs.get(6), "conflict item B", 1.0, BOB, otherRubric, POLICY_V2)), refs.subList(0, 5));
        assertEquals(List.of(5), before.getList("data.releaseProvenance.rubricGroups.labelCount"));
        assertEquals(List.of(Map.of("label", "1.0", "count", 1), Map.of("label", "2.0", "count", 1), Map.of("label", "3.0", "count", 2),
                Map.of("label", "4.0", "count", 1)), before.getList("data.releaseProvenance.rubricGroups[0].labelDistribution"));
        assertEquals(List.of(Map.of("reviewer", ALICE, "labels", 3, "calibrated", false), Map.of("reviewer", BOB, "labels", 2, "calibrated", false)),
                before.getList("data.releaseProvenance.rubricGroups[0].reviewers.nodes"));
        assertEquals(List.of(Map.of("code", "UNRESOLVED_CONFLICT", "refs", List.of(rubric, refs.get(0), refs.get(1), refs.get(4)),
                "message", "3 training label(s) under " + rubric + " have another judgment of the same item and no adjudication: "
                        + refs.get(0) + ", " + refs.get(1) + ", " + refs.get(4) + ". See conflicts(rubric).")),
                conflictWarnings(before));

        String adjudication = "adjudication:prov-conflict-0-1@1";
        GraphQL.ok("registerAdjudication", Map.of("input", input(adjudication, "resolves", refs.subList(0, 2), "adjudicator", CAROL,
                "rubric", rubric, "finalJudgment", m("type", "RATING", "rating", 2.0), "rationale", "Item A is a 2 under this rubric.")));
        JsonPath after = provenance("release", "release:prov-conflict@1");
        assertEquals(List.of(List.of(rubric, refs.get(4))), conflictWarnings(after).stream().map(w -> w.get("refs")).toList());
        assertTrue(conflictWarnings(after).get(0).get("message").toString().startsWith("1 training label(s) under " + rubric), after.prettify());
        // As of before the adjudication, the three conflicts stand.
        assertEquals(conflictWarnings(before), conflictWarnings(provenance("release", "release:prov-conflict@1",
                "asOf", before.getString("data.releaseProvenance.asOf"))));
    }

    @Test
    void labelsSparseAmongOtherArtifactsArePagedFromTheWholeGroup() {
        String rubric = miniRubric("prov-sparse");
        String filler = miniRubric("prov-sparse-filler");
        List<Map<String, Object>> events = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            labels.add("feedback:prov-sparse-" + i + "@1");
            events.add(feedback(labels.get(i), "sparse prompt " + i, 3.0, ALICE, rubric, POLICY_V2));
            // More artifacts after each label than a page of one may scan (SCAN_PER_LABEL per label it needs: 2).
            for (int j = 0; j < 2 * Provenance.SCAN_PER_LABEL + 5; j++) {
                events.add(feedback("feedback:prov-sparse-filler-" + i + "-" + j + "@1", "sparse filler " + i + " " + j, 3.0, BOB,
                        filler, POLICY_V2));
            }
        }
        miniRelease("prov-sparse", events, labels);
        List<String> seen = new ArrayList<>();
        List<Long> statements = new ArrayList<>();
        String after = null;
        do {
            long before = graph.statementsSent();
            JsonPath p = provenance("release", "release:prov-sparse@1", "labelsFirst", 1, "labelsAfter", after);
            statements.add(graph.statementsSent() - before);
            seen.addAll(p.getList("data.releaseProvenance.rubricGroups[0].labels.nodes.ref"));
            after = p.getBoolean("data.releaseProvenance.rubricGroups[0].labels.pageInfo.hasNextPage")
                    ? p.getString("data.releaseProvenance.rubricGroups[0].labels.pageInfo.endCursor") : null;
        } while (after != null && seen.size() < 10);
        assertEquals(labels, seen);
        // Each page's scan in journal order ran out among the fillers, so the group was read whole: one more statement
        // than the 9 of a dense group (tenOrAThousandLabelsCostTheSameStatements).
        assertEquals(List.of(10L, 10L, 10L), statements);
    }

    private static List<Map<String, Object>> conflictWarnings(JsonPath p) {
        List<Map<String, Object>> warnings = p.getList("data.releaseProvenance.warnings");
        return warnings.stream().filter(w -> "UNRESOLVED_CONFLICT".equals(w.get("code"))).toList();
    }

    private static String miniRubric(String key) {
        String rubric = "rubric:" + key + "@1";
        GraphQL.ok("registerRubric", Map.of("input", input(rubric, "policy", POLICY_V2,
                "criteria", List.of(m("name", "n", "description", "d")), "labelSchema", m("type", "RATING", "ratingMin", 1.0, "ratingMax", 5.0))));
        return rubric;
    }

    /** A release whose one training dataset holds {@code labels} feedback events under one rubric. */
    static void miniRelease(String key, int labels) {
        String rubric = miniRubric(key);
        List<Map<String, Object>> events = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < labels; i++) {
            refs.add("feedback:" + key + "-" + i + "@1");
            events.add(feedback(refs.get(i), key + " prompt " + i, 1.0 + i % 5, i % 2 == 0 ? ALICE : BOB, rubric, POLICY_V2));
        }
        miniRelease(key, events, refs);
    }

    /**
     * Records {@code events} and releases a checkpoint trained on one sealed dataset of {@code members}; returns the
     * release's provenance as of then.
     */
    private static JsonPath miniRelease(String key, List<Map<String, Object>> events, List<String> members) {
        GraphQL.ok("recordFeedback", Map.of("events", events));
        String dataset = "dataset:" + key + "@1";
        GraphQL.ok("registerDataset", Map.of("input", input(dataset, "split", "TRAIN", "selectionRule", "all")));
        GraphQL.ok("addDatasetMembers", Map.of("dataset", dataset, "members", members));
        GraphQL.ok("sealDataset", Map.of("dataset", dataset));
        GraphQL.ok("registerTrainingRun", Map.of("input", input("training-run:" + key + "@1", "method", "SFT", "datasets", List.of(dataset),
                "baseCheckpoint", BASE, "config", m("promptTemplate", "t", "roleFormat", "r", "codeCommit", "c"))));
        GraphQL.ok("registerCheckpoint", Map.of("input", input("checkpoint:" + key + "@1", "producedBy", "training-run:" + key + "@1",
                "uri", "s3://m/" + key, "weightsDigest", "w")));
        // No eval run, so the gate fails on REGRESSION_EVIDENCE and dana overrides carol's request.
        GraphQL.ok("evaluateGate", Map.of("input", input("gate:" + key + "@1", "gatePolicy", GATE_POLICY,
                "checkpoint", "checkpoint:" + key + "@1", "requestedBy", CAROL)));
        GraphQL.okAs(Api.approver("dana"), "registerRelease", Map.of("input", input("release:" + key + "@1", "checkpoint", "checkpoint:" + key + "@1",
                "gate", "gate:" + key + "@1", "override", m("approvedBy", DANA,
                        "justification", "Statement-count probe release; not shipped to users, only measured."))));
        return provenance("release", "release:" + key + "@1");
    }
}
