package io.provenant.release;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.provenant.Api;
import io.provenant.GraphQL;
import io.provenant.ProvenantTestServers;
import io.provenant.StoryFixture;
import io.provenant.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The release gate: evaluateGate computes every criterion from the registered evidence (values worked out by hand
 * from the story fixture below), and registerRelease is refused unless the decision passed or an approver other
 * than the requester overrode it in writing.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class GateTest {

    private static final String STRICT = "gate-policy:ship-gate@5";
    private static final String STRICT_DECISION = "gate:ship-assistant-7b-strict@1";
    private static final String ERIN = "reviewer:erin@1";

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
        GraphQL.ok("registerReviewer", Map.of("input", input(ERIN, "role", "approver", "tier", 3)));
        GraphQL.ok("registerGatePolicy", Map.of("input", input(STRICT, "supersedes", GATE_POLICY,
                "maxRegression", 0.02, "sliceLimits", List.of(m("slice", "benign", "maxRegression", 0.005)),
                "maxBenignRefusalIncrease", 0.005, "maxTemplateGap", 0.02, "minRepresentationSimilarity", 0.95,
                "requireCalibratedReviewers", true, "requireHeldOutVerified", true, "requireConsent", true,
                "requireCalibratedRewardModel", true, "maxUnresolvedConflicts", 0, "requireConsistentRubricVersions", true)));
    }

    /** check subject → [passed, value, limit], for comparing a report's criteria with hand-computed ones. */
    private static Map<String, List<Object>> criteria(JsonPath report, String path) {
        Map<String, List<Object>> found = new LinkedHashMap<>();
        for (Map<String, Object> c : report.<Map<String, Object>>getList(path + ".criteria")) {
            found.put(c.get("check") + " " + c.get("subject"), List.of(c.get("passed"), round(c.get("value")), round(c.get("limit"))));
        }
        return found;
    }

    private static Object round(Object value) {
        return value == null ? "none" : Math.round(((Number) value).doubleValue() * 10_000) / 10_000.0;
    }

    private static Map<String, String> pressures(JsonPath report, String path) {
        return report.<Map<String, Object>>getList(path + ".pressures").stream()
                .collect(Collectors.toMap(p -> (String) p.get("pressure"), p -> (String) p.get("status"), (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void theStoryGatePassesOnEveryCriterionOfItsPolicy() {
        JsonPath report = GraphQL.ok("gateReport", Map.of("gate", GATE));
        assertEquals("PASS", report.getString("data.gateReport.decision"));
        assertEquals(CAROL, report.getString("data.gateReport.requestedBy"));
        // ship-gate@4: maxRegression 0.02, maxBenignRefusalIncrease 0.02, maxTemplateGap 0.05, calibrated reward model.
        // Worsening = reference - value for higher-is-better metrics, value - reference for benign_refusal_rate.
        Map<String, List<Object>> expected = new LinkedHashMap<>();
        expected.put("MAX_REGRESSION " + EVAL_RUN + " harmful/safety", List.of(true, -0.02, 0.02));          // 0.95 - 0.97
        expected.put("MAX_REGRESSION " + EVAL_RUN + " benign/benign_refusal_rate", List.of(true, 0.01, 0.02)); // 0.03 - 0.02
        expected.put("MAX_REGRESSION " + EVAL_RUN + " benign/helpfulness", List.of(true, -0.01, 0.02));     // 0.80 - 0.81
        expected.put("MAX_BENIGN_REFUSAL_INCREASE " + EVAL_RUN + " benign/benign_refusal_rate", List.of(true, 0.01, 0.02));
        expected.put("TEMPLATE_GAP " + EVAL_RUN + " benign/helpfulness under chat-v2", List.of(true, 0.03, 0.05)); // 0.81 - 0.78
        expected.put("REWARD_MODEL_CALIBRATED reward models optimized against", List.of(true, 0.0, 0.0));
        assertEquals(expected, criteria(report, "data.gateReport"));
        assertEquals(List.of(RM_CALIBRATION), report.getList("data.gateReport.criteria[5].evidence"));
        assertEquals(Map.of("PROXY_REWARD", "CLEAR", "REFUSAL_SHORTCUT", "CLEAR", "TEMPLATE_OVERFIT", "CLEAR",
                "POLICY_AMBIGUITY", "NOT_CHECKED", "FEEDBACK_DRIFT", "NOT_CHECKED"), pressures(report, "data.gateReport"));
        assertEquals(1, stores.edges(GATE, "UNDER_GATE_POLICY", GATE_POLICY));
        assertEquals(1, stores.edges(GATE, "READ", RM_CALIBRATION));
        assertEquals(1, stores.edges(GATE, "READ", EVAL_RUN));
        assertEquals(1, stores.edges(RELEASE, "DECIDED_BY", GATE));
    }

    @Test
    void aStrictGateFailsNamingEveryPressureAndTheReleaseIsRefused() {
        JsonPath evaluated = GraphQL.ok("evaluateGate", Map.of("input", input(STRICT_DECISION, "checkpoint", FINAL,
                "gatePolicy", STRICT, "requestedBy", CAROL)));
        String path = "data.evaluateGate.report";
        assertEquals("FAIL", evaluated.getString(path + ".decision"));
        Map<String, List<Object>> expected = new LinkedHashMap<>();
        expected.put("MAX_REGRESSION " + EVAL_RUN + " harmful/safety", List.of(true, -0.02, 0.02));
        expected.put("MAX_REGRESSION " + EVAL_RUN + " benign/benign_refusal_rate", List.of(false, 0.01, 0.005)); // slice limit
        expected.put("MAX_REGRESSION " + EVAL_RUN + " benign/helpfulness", List.of(true, -0.01, 0.005));
        expected.put("MAX_BENIGN_REFUSAL_INCREASE " + EVAL_RUN + " benign/benign_refusal_rate", List.of(false, 0.01, 0.005));
        expected.put("TEMPLATE_GAP " + EVAL_RUN + " benign/helpfulness under chat-v2", List.of(false, 0.03, 0.02));
        expected.put("REPRESENTATION_SIMILARITY " + EVAL_RUN + " vs " + BASE, List.of(false, 0.93, 0.95));
        // bob's 3 labels under rubric v2 (fb-102, fb-104, fb-106) + carol's adjudication under v1: no passing calibration.
        expected.put("CALIBRATED_REVIEWERS reviewers of the training labels", List.of(false, 4.0, 0.0));
        // fb-108 (EVAL) repeats fb-006's training prompt up to case and white space.
        expected.put("HELD_OUT_VERIFIED eval prompts vs training data", List.of(false, 1.0, 0.0));
        // fb-104 recorded without consent + fb-103 of the revoked subject-103.
        expected.put("CONSENT_COMPLETE consent of the training labels", List.of(false, 2.0, 0.0));
        expected.put("REWARD_MODEL_CALIBRATED reward models optimized against", List.of(true, 0.0, 0.0));
        // fb-001/fb-002 conflict, but they are adjudicated and only the adjudication is in the training data.
        expected.put("UNRESOLVED_CONFLICTS training labels in unresolved conflicts", List.of(true, 0.0, 0.0));
        // hh-train holds labels of rubric v1 and v2.
        expected.put("CONSISTENT_RUBRIC_VERSIONS rubric versions per training dataset", List.of(false, 2.0, 0.0));
        assertEquals(expected, criteria(evaluated, path));
        assertEquals(Map.of("PROXY_REWARD", "CLEAR", "REFUSAL_SHORTCUT", "FLAGGED", "TEMPLATE_OVERFIT", "FLAGGED",
                "POLICY_AMBIGUITY", "CLEAR", "FEEDBACK_DRIFT", "FLAGGED"), pressures(evaluated, path));

        long journal = stores.journalSize();
        JsonPath refused = GraphQL.run("registerRelease", Map.of("input", input("release:assistant@2026.12-strict",
                "checkpoint", FINAL, "gate", STRICT_DECISION)));
        assertEquals("CONFLICT", refused.getString("errors[0].extensions.code"));
        assertEquals("input.gate", refused.getString("errors[0].extensions.field"));
        assertTrue(refused.getString("errors[0].message").contains("decided FAIL on 8 criteria"), refused.getString("errors[0].message"));
        assertNull(refused.get("data"));
        assertEquals(journal, stores.journalSize());
    }

    @Test
    void anOverrideNeedsAnApproverOtherThanTheRequesterAndAWrittenJustification() {
        GraphQL.ok("evaluateGate", Map.of("input", input(STRICT_DECISION, "checkpoint", FINAL, "gatePolicy", STRICT,
                "requestedBy", CAROL)));
        GraphQL.ok("evaluateGate", Map.of("input", input("gate:ship-assistant-7b-strict-by-dana@1", "checkpoint", FINAL,
                "gatePolicy", STRICT, "requestedBy", DANA)));
        String justification = "Refusal and template gaps are inside last quarter's noise; consent fixes ship in the next data refresh.";
        long journal = stores.journalSize();

        JsonPath labeler = GraphQL.run("registerRelease", Map.of("input", input("release:assistant@2026.12-o1", "checkpoint", FINAL,
                "gate", STRICT_DECISION, "override", m("approvedBy", BOB, "justification", justification))));
        assertEquals("INVALID_INPUT", labeler.getString("errors[0].extensions.code"));
        assertEquals("input.override.approvedBy", labeler.getString("errors[0].extensions.field"));
        assertTrue(labeler.getString("errors[0].message").contains("has role 'labeler'"));

        JsonPath samePerson = GraphQL.run("registerRelease", Map.of("input", input("release:assistant@2026.12-o2", "checkpoint", FINAL,
                "gate", "gate:ship-assistant-7b-strict-by-dana@1", "override", m("approvedBy", DANA, "justification", justification))));
        assertEquals("INVALID_INPUT", samePerson.getString("errors[0].extensions.code"));
        assertTrue(samePerson.getString("errors[0].message").contains("needs a second person"), samePerson.getString("errors[0].message"));

        JsonPath terse = GraphQL.run("registerRelease", Map.of("input", input("release:assistant@2026.12-o3", "checkpoint", FINAL,
                "gate", STRICT_DECISION, "override", m("approvedBy", DANA, "justification", "ok, ship it"))));
        assertEquals("input.override.justification", terse.getString("errors[0].extensions.field"));

        JsonPath onPass = GraphQL.run("registerRelease", Map.of("input", input("release:assistant@2026.12-o4", "checkpoint", FINAL,
                "gate", GATE, "override", m("approvedBy", DANA, "justification", justification))));
        assertEquals("input.override", onPass.getString("errors[0].extensions.field"));
        assertEquals(journal, stores.journalSize());

        // The override binds to the token: only erin's own approver token may sign as erin.
        Map<String, Object> byErin = Map.of("input", input("release:assistant@2026.12-o5", "checkpoint", FINAL,
                "gate", "gate:ship-assistant-7b-strict-by-dana@1", "override", m("approvedBy", ERIN, "justification", justification)));
        JsonPath notErin = GraphQL.run("registerRelease", byErin);
        assertEquals("FORBIDDEN", notErin.getString("errors[0].extensions.code"));
        assertEquals("input.override.approvedBy", notErin.getString("errors[0].extensions.field"));
        assertTrue(notErin.getString("errors[0].message").contains("is not you"), notErin.getString("errors[0].message"));
        JsonPath erinWithoutRole = GraphQL.runAs(Api.token("erin", List.of("REGISTRAR"), null), "registerRelease", byErin);
        assertEquals("FORBIDDEN", erinWithoutRole.getString("errors[0].extensions.code"));
        assertEquals("input.override", erinWithoutRole.getString("errors[0].extensions.field"));
        // erin asked for this decision herself (her token registered it), so she cannot override it either.
        GraphQL.okAs(Api.approver("erin"), "evaluateGate", Map.of("input", input("gate:ship-assistant-7b-strict-by-erin@1",
                "checkpoint", FINAL, "gatePolicy", STRICT, "requestedBy", CAROL)));
        JsonPath ownRequest = GraphQL.runAs(Api.approver("erin"), "registerRelease", Map.of("input", input("release:assistant@2026.12-o6",
                "checkpoint", FINAL, "gate", "gate:ship-assistant-7b-strict-by-erin@1", "override", m("approvedBy", ERIN,
                        "justification", justification))));
        assertEquals("FORBIDDEN", ownRequest.getString("errors[0].extensions.code"));
        assertTrue(ownRequest.getString("errors[0].message").contains("second person"), ownRequest.getString("errors[0].message"));
        assertEquals(journal + 1, stores.journalSize(), "only the erin gate decision was written");
        journal = stores.journalSize();

        JsonPath released = GraphQL.okAs(Api.approver("erin"), "registerRelease", byErin);
        assertTrue(released.getString("data.registerRelease.artifact.payload").contains(justification));
        assertEquals(1, stores.edges("release:assistant@2026.12-o5", "OVERRIDE_APPROVED_BY", ERIN));
        assertEquals(journal + 1, stores.journalSize());
    }

    @Test
    void aDecisionIsImmutableAndNeedsRegressionEvidence() {
        String checkpoint = "checkpoint:gate-probe@1";
        GraphQL.ok("registerCheckpoint", Map.of("input", input(checkpoint, "uri", "s3://models/gate-probe", "weightsDigest", "sha256:probe")));
        Map<String, Object> ask = input("gate:gate-probe@1", "checkpoint", checkpoint, "gatePolicy", GATE_POLICY, "requestedBy", CAROL);
        JsonPath first = GraphQL.ok("evaluateGate", Map.of("input", ask));
        assertEquals("FAIL", first.getString("data.evaluateGate.report.decision"));
        assertEquals(List.of("REGRESSION_EVIDENCE", "REWARD_MODEL_CALIBRATED"), first.getList("data.evaluateGate.report.criteria.check"));
        assertTrue(first.getBoolean("data.evaluateGate.created"));

        JsonPath again = GraphQL.ok("evaluateGate", Map.of("input", ask));
        assertFalse(again.getBoolean("data.evaluateGate.created"));
        assertEquals(first.getString("data.evaluateGate.artifact.digest"), again.getString("data.evaluateGate.artifact.digest"));

        GraphQL.ok("registerEvalRun", Map.of("input", input("eval-run:gate-probe@1", "checkpoint", checkpoint, "reference", SFT,
                "datasets", List.of(HELD_OUT), "suiteVersion", "safety-suite@12", "decoder", m("temperature", 0.0),
                "metrics", List.of(m("slice", "harmful", "metric", "safety", "value", 0.96, "sampleCount", 100, "referenceValue", 0.95)))));
        long journal = stores.journalSize();
        JsonPath changed = GraphQL.run("evaluateGate", Map.of("input", ask));
        assertEquals("CONFLICT", changed.getString("errors[0].extensions.code"));
        assertEquals(journal, stores.journalSize());
        JsonPath next = GraphQL.ok("evaluateGate", Map.of("input", input("gate:gate-probe@2", "supersedes", "gate:gate-probe@1",
                "checkpoint", checkpoint, "gatePolicy", GATE_POLICY, "requestedBy", CAROL)));
        assertEquals("FAIL", next.getString("data.evaluateGate.report.decision"), "ship-gate@4 also needs benign refusal and template results");
        assertEquals(List.of("MAX_REGRESSION", "MAX_BENIGN_REFUSAL_INCREASE", "TEMPLATE_GAP", "REWARD_MODEL_CALIBRATED"),
                next.getList("data.evaluateGate.report.criteria.check"));
    }

    @Test
    void badGateInputIsRefusedNamingTheField() {
        long journal = stores.journalSize();
        JsonPath missing = GraphQL.run("evaluateGate", Map.of("input", input("gate:bad@1", "checkpoint", FINAL,
                "gatePolicy", "gate-policy:nope@1", "requestedBy", CAROL)));
        assertEquals("NOT_FOUND", missing.getString("errors[0].extensions.code"));
        assertEquals("input.gatePolicy", missing.getString("errors[0].extensions.field"));
        JsonPath wrongKind = GraphQL.run("evaluateGate", Map.of("input", input("gate:bad@1", "checkpoint", RELEASE,
                "gatePolicy", GATE_POLICY, "requestedBy", CAROL)));
        assertEquals("INVALID_INPUT", wrongKind.getString("errors[0].extensions.code"));
        assertEquals("input.checkpoint", wrongKind.getString("errors[0].extensions.field"));
        JsonPath policy = GraphQL.run("registerGatePolicy", Map.of("input", input("gate-policy:bad@1", "maxRegression", 1.5)));
        assertEquals("input.maxRegression", policy.getString("errors[0].extensions.field"));
        assertEquals(journal, stores.journalSize());
    }
}
