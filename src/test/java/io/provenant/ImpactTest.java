package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.provenant.graph.GraphReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** impact(ref | consentSubject) on the story fixture: expected answers by hand. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class ImpactTest {

    @Inject
    GraphReader graph;

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    private static Map<String, Integer> counts(JsonPath result) {
        List<Map<String, Object>> counts = result.getList("data.impact.countsByKind");
        Map<String, Integer> byKind = new java.util.TreeMap<>();
        counts.forEach(c -> byKind.put((String) c.get("kind"), ((Number) c.get("count")).intValue()));
        return byKind;
    }

    @Test
    void rubricV1ReachesEveryCheckpointTrainedOnItsLabelsAndTheRelease() {
        long before = graph.statementsSent();
        JsonPath result = GraphQL.ok("impact", m("ref", RUBRIC_V1, "asOf", builtAt()));
        assertEquals(1, graph.statementsSent() - before, "impact is one statement, whatever the labels and the hops");
        assertEquals(List.of(RUBRIC_V1), result.getList("data.impact.origins"));
        Map<String, Integer> expected = new java.util.TreeMap<>(Map.ofEntries(Map.entry("FEEDBACK", 16), Map.entry("ADJUDICATION", 1),
                Map.entry("CALIBRATION", 2), Map.entry("RUBRIC", 1), Map.entry("ESCALATION", 3),
                Map.entry("DATASET", 4), Map.entry("TRAINING_RUN", 3), Map.entry("EVAL_RUN", 2), Map.entry("GATE", 1),
                Map.entry("CHECKPOINT", 3), Map.entry("RELEASE", 1)));
        assertEquals(expected, counts(result));
        assertEquals(Set.of(TRAIN, HELD_OUT, EVAL, RM_PREFS), Set.copyOf(result.getList("data.impact.datasets")));
        assertEquals(Set.of(SFT, RM, FINAL), Set.copyOf(result.getList("data.impact.checkpoints")));
        assertEquals(List.of(Map.of("release", RELEASE, "path", List.of(RUBRIC_V1, RUBRIC_V2, FEEDBACK_V2.get(0), TRAIN, RL_RUN, FINAL, RELEASE))),
                result.getList("data.impact.releases"));
        assertFalse(result.getBoolean("data.impact.truncated"));
    }

    @Test
    void policyV1ReachesWhatRubricV1ReachesPlusBothRubricsAndItsSuccessor() {
        JsonPath result = GraphQL.ok("impact", m("ref", POLICY_V1, "asOf", builtAt()));
        Map<String, Integer> expected = new java.util.TreeMap<>(Map.ofEntries(Map.entry("FEEDBACK", 16), Map.entry("ADJUDICATION", 1),
                Map.entry("CALIBRATION", 2), Map.entry("RUBRIC", 2), Map.entry("POLICY", 1),
                Map.entry("ESCALATION", 3), Map.entry("DATASET", 4), Map.entry("TRAINING_RUN", 3), Map.entry("EVAL_RUN", 2),
                Map.entry("GATE", 1), Map.entry("CHECKPOINT", 3), Map.entry("RELEASE", 1)));
        assertEquals(expected, counts(result));
        assertEquals(List.of(RELEASE), result.getList("data.impact.releases.release"));
    }

    @Test
    void aReviewerReachesTheReleaseThroughTheLabelTheyAdjudicated() {
        // Carol labeled nothing herself: she adjudicated fb-001/fb-002 (final label in hh-train) and resolved an escalation
        // (escalation:fb-003@2; the open version @1 does not name her).
        JsonPath result = GraphQL.ok("impact", m("ref", CAROL, "asOf", builtAt()));
        Map<String, Integer> expected = new java.util.TreeMap<>(Map.ofEntries(Map.entry("ADJUDICATION", 1), Map.entry("ESCALATION", 1),
                Map.entry("DATASET", 2), Map.entry("TRAINING_RUN", 3), Map.entry("EVAL_RUN", 2), Map.entry("GATE", 1),
                Map.entry("CHECKPOINT", 3), Map.entry("RELEASE", 1)));
        assertEquals(expected, counts(result));
        assertEquals(List.of(TRAIN, RM_PREFS), result.getList("data.impact.datasets"));
        assertEquals(Set.of(SFT, RM, FINAL), Set.copyOf(result.getList("data.impact.checkpoints")));
        List<String> path = result.getList("data.impact.releases[0].path");
        assertEquals(List.of(CAROL, ADJUDICATION, TRAIN), path.subList(0, 3), path.toString());
        assertEquals(RELEASE, path.get(path.size() - 1));
    }

    @Test
    void aTriageRuleVersionReachesTheReleaseThroughTheEventsItRouted() {
        // triage:safety-routing@7 routed fb-001..fb-006; the adjudication resolves fb-001/fb-002, the three escalation
        // versions escalate fb-003 and fb-005; hh-train holds fb-003..fb-006 and the adjudication (rm-prefs derives from it).
        JsonPath result = GraphQL.ok("impact", m("ref", TRIAGE, "asOf", builtAt()));
        Map<String, Integer> expected = new java.util.TreeMap<>(Map.ofEntries(Map.entry("FEEDBACK", 6), Map.entry("ADJUDICATION", 1),
                Map.entry("ESCALATION", 3), Map.entry("DATASET", 2), Map.entry("TRAINING_RUN", 3), Map.entry("EVAL_RUN", 2),
                Map.entry("GATE", 1), Map.entry("CHECKPOINT", 3), Map.entry("RELEASE", 1)));
        assertEquals(expected, counts(result));
        assertEquals(List.of(TRAIN, RM_PREFS), result.getList("data.impact.datasets"));
        List<String> path = result.getList("data.impact.releases[0].path");
        assertEquals(List.of(TRIAGE, FEEDBACK_V1.get(2), TRAIN), path.subList(0, 3), path.toString());
        assertEquals(RELEASE, path.get(path.size() - 1));
    }

    @Test
    void aDatasetReachesTheRunsTrainedOnItAndWhatTheyProduced() {
        JsonPath result = GraphQL.ok("impact", m("ref", TRAIN, "asOf", builtAt()));
        Map<String, Integer> expected = new java.util.TreeMap<>(Map.ofEntries(Map.entry("DATASET", 1), Map.entry("TRAINING_RUN", 3),
                Map.entry("EVAL_RUN", 2), Map.entry("GATE", 1), Map.entry("CHECKPOINT", 3), Map.entry("RELEASE", 1)));
        assertEquals(expected, counts(result));
        assertEquals(Set.of(SFT, RM, FINAL), Set.copyOf(result.getList("data.impact.checkpoints")));
        assertEquals(List.of(Map.of("release", RELEASE, "path", List.of(TRAIN, RL_RUN, FINAL, RELEASE))),
                result.getList("data.impact.releases"));
    }

    @Test
    void aReleaseIsItsOwnImpactAndAReleaseCheckpointReachesItsRelease() {
        JsonPath release = GraphQL.ok("impact", m("ref", RELEASE, "asOf", builtAt()));
        assertEquals(List.of(Map.of("release", RELEASE, "path", List.of(RELEASE))), release.getList("data.impact.releases"));
        assertEquals(List.of(), release.getList("data.impact.countsByKind"), "nothing downstream of it");
        JsonPath checkpoint = GraphQL.ok("impact", m("ref", FINAL, "asOf", builtAt()));
        assertEquals(List.of(FINAL), checkpoint.getList("data.impact.origins"));
        assertEquals(List.of(RELEASE), checkpoint.getList("data.impact.releases.release"));
        List<String> path = checkpoint.getList("data.impact.releases[0].path");
        assertEquals(FINAL, path.get(0), path.toString());
        assertEquals(RELEASE, path.get(path.size() - 1), path.toString());
    }

    @Test
    void maxNodesCutsTheWalkInBreadthFirstOrderAndSaysSo() {
        // rubric:v1's walk starts from 8 roots: the rubric itself, rubric v2 and the two calibrations (the non-label
        // artifacts of its review layer) and the four datasets holding its labels. The roots count towards maxNodes.
        JsonPath whole = GraphQL.ok("impact", m("ref", RUBRIC_V1, "asOf", builtAt()));
        JsonPath rootsOnly = GraphQL.ok("impact", m("ref", RUBRIC_V1, "asOf", builtAt(), "maxNodes", 8));
        assertTrue(rootsOnly.getBoolean("data.impact.truncated"));
        assertEquals(List.of("EXPLORATION_LIMIT"), rootsOnly.getList("data.impact.truncation.reason"));
        assertEquals("the walk stopped at maxNodes 8; artifacts were left unexplored.", rootsOnly.getString("data.impact.truncation[0].detail"));
        assertEquals(whole.getList("data.impact.datasets"), rootsOnly.getList("data.impact.datasets"));
        assertEquals(List.of(), rootsOnly.getList("data.impact.checkpoints"));
        assertEquals(List.of(), rootsOnly.getList("data.impact.releases"));
        Map<String, Integer> layer = counts(rootsOnly);
        assertEquals(Map.of("FEEDBACK", 16, "ADJUDICATION", 1, "CALIBRATION", 2, "RUBRIC", 1, "ESCALATION", 3, "DATASET", 4), layer,
                "the review layer is counted whole; nothing downstream of the datasets");

        JsonPath oneMore = GraphQL.ok("impact", m("ref", RUBRIC_V1, "asOf", builtAt(), "maxNodes", 9));
        Map<String, Integer> counts = counts(oneMore);
        layer.forEach((kind, count) -> counts.merge(kind, -count, Integer::sum));
        counts.values().removeIf(count -> count == 0);
        assertEquals(Map.of("TRAINING_RUN", 1), counts, "the first artifact one hop downstream, by registration: the SFT run");
        assertTrue(oneMore.getBoolean("data.impact.truncated"));

        JsonPath enough = GraphQL.ok("impact", m("ref", RUBRIC_V1, "asOf", builtAt(), "maxNodes", 8 + 10));
        assertFalse(enough.getBoolean("data.impact.truncated"), "8 roots and 10 artifacts downstream fit in 18");
        assertEquals(whole.getList("data.impact.releases"), enough.getList("data.impact.releases"));
        JsonPath oneShort = GraphQL.ok("impact", m("ref", RUBRIC_V1, "asOf", builtAt(), "maxNodes", 8 + 9));
        assertTrue(oneShort.getBoolean("data.impact.truncated"));
        assertEquals(List.of(), oneShort.getList("data.impact.releases"), "the release is the last artifact reached");
    }

    @Test
    void asOfBeforeTheReleaseTheSameRubricAffectsNoRelease() {
        java.time.Instant released = java.time.Instant.parse(GraphQL.ok("artifact", m("ref", RELEASE)).getString("data.artifact.registeredAt"));
        JsonPath result = GraphQL.ok("impact", m("ref", RUBRIC_V1, "asOf", released.minusNanos(1_000).toString()));
        assertEquals(List.of(), result.getList("data.impact.releases"));
        assertEquals(Set.of(SFT, RM, FINAL), Set.copyOf(result.getList("data.impact.checkpoints")));
        assertEquals(null, counts(result).get("RELEASE"));
        assertEquals(16, counts(result).get("FEEDBACK"));
    }

    @Test
    void aDataSubjectsFeedbackReachesTheReleaseThroughTheTrainingSet() {
        JsonPath result = GraphQL.ok("impact", m("consentSubject", "subject-006", "asOf", builtAt()));
        assertEquals(List.of(FEEDBACK_V1.get(5)), result.getList("data.impact.origins"));
        assertEquals(1, result.getInt("data.impact.originCount"));
        assertEquals(List.of(TRAIN, RM_PREFS), result.getList("data.impact.datasets"));
        assertEquals(Set.of(SFT, RM, FINAL), Set.copyOf(result.getList("data.impact.checkpoints")));
        assertEquals(List.of(Map.of("release", RELEASE, "path", List.of(FEEDBACK_V1.get(5), TRAIN, RL_RUN, FINAL, RELEASE))),
                result.getList("data.impact.releases"));
        assertEquals(1, counts(result).get("FEEDBACK"));
    }

    @Test
    void aSubjectWhoRevokedConsentIsTheGdprQuestion() {
        JsonPath result = GraphQL.ok("impact", m("consentSubject", REVOKED_SUBJECT, "asOf", builtAt()));
        assertEquals(List.of(FEEDBACK_V2.get(2)), result.getList("data.impact.origins"));
        assertEquals(List.of(TRAIN, RM_PREFS), result.getList("data.impact.datasets"));
        assertEquals(List.of(RELEASE), result.getList("data.impact.releases.release"));
        assertEquals(REVOKED_SUBJECT, result.getString("data.impact.consentRevocation.subject"));
        assertEquals("withdrew consent via the privacy form", result.getString("data.impact.consentRevocation.reason"));
        assertEquals("2026-11-20T09:30:00Z", result.getString("data.impact.consentRevocation.revokedAt"));
        JsonPath before = GraphQL.ok("impact", m("consentSubject", REVOKED_SUBJECT, "asOf", beforeRevocation()));
        assertNull(before.get("data.impact.consentRevocation"), "the revocation was recorded after asOf");
        assertEquals(List.of(RELEASE), before.getList("data.impact.releases.release"));
        assertNull(GraphQL.ok("impact", m("consentSubject", "subject-006")).get("data.impact.consentRevocation"));
    }

    @Test
    void aHeldOutOnlyLabelAffectsNoCheckpoint() {
        // fb-007 is only in the held-out split: an eval run read it, nothing was trained on it.
        JsonPath result = GraphQL.ok("impact", m("ref", FEEDBACK_V1.get(6), "asOf", builtAt()));
        assertEquals(List.of(HELD_OUT), result.getList("data.impact.datasets"));
        assertEquals(List.of(), result.getList("data.impact.checkpoints"));
        assertEquals(List.of(RELEASE), result.getList("data.impact.releases.release"), "the gate read the eval run that read it");
    }

    @Test
    void aDatasetHoldsALabelFromWhenItWasAddedWhetherOrNotTheDatasetIsSealedYet() {
        // hh-train got its members in one call and was sealed in a later one. As of the addition it is open (impact
        // reads each membership's date), as of the seal it is sealed (it held every member by then).
        Instant added = recorded(TRAIN, "add-members");
        Instant sealed = recorded(TRAIN, "seal");
        assertTrue(added.isBefore(sealed), added + " / " + sealed);
        String label = FEEDBACK_V2.get(0);
        assertEquals(List.of(), impactDatasets(label, added.minus(1, ChronoUnit.MICROS)), "not a member yet");
        assertEquals(List.of(TRAIN), impactDatasets(label, added), "a member of the open dataset");
        assertEquals(List.of(TRAIN), impactDatasets(label, sealed.minus(1, ChronoUnit.MICROS)), "still open");
        assertEquals(List.of(TRAIN), impactDatasets(label, sealed), "a member of the sealed dataset");
    }

    private Instant recorded(String ref, String operation) {
        long micros = stores.sql("SELECT (extract(epoch FROM recorded_at) * 1000000)::bigint FROM journal"
                + " WHERE ref = ? AND operation = ? ORDER BY seq LIMIT 1", ref, operation);
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static List<String> impactDatasets(String ref, Instant asOf) {
        return GraphQL.ok("impact", m("ref", ref, "asOf", asOf.toString())).getList("data.impact.datasets");
    }

    @Test
    void badArgumentsAreClearErrors() {
        JsonPath both = GraphQL.run("impact", m("ref", RUBRIC_V1, "consentSubject", "subject-006"));
        assertEquals("INVALID_INPUT", both.getString("errors[0].extensions.code"));
        JsonPath neither = GraphQL.run("impact", m());
        assertEquals("INVALID_INPUT", neither.getString("errors[0].extensions.code"));
        JsonPath missing = GraphQL.run("impact", m("ref", "rubric:nope@1"));
        assertEquals("NOT_FOUND", missing.getString("errors[0].extensions.code"));
        assertEquals("ref", missing.getString("errors[0].extensions.field"));
        JsonPath nobody = GraphQL.run("impact", m("consentSubject", "nobody"));
        assertEquals("NOT_FOUND", nobody.getString("errors[0].extensions.code"));
    }
}
