package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Bad input gets a GraphQL error with a stable code, the field at fault and the reason, and writes nothing:
 * ref syntax, references of the wrong kind, dangling references, and the rules that need the referenced
 * artifacts (sealed datasets, held-out eval data, a PASS gate on the same checkpoint, policy = rubric's policy).
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class ValidationTest {

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
        GraphQL.ok("registerDataset", Map.of("input", input("dataset:unsealed@1", "split", "TRAIN", "selectionRule", "all")));
        GraphQL.ok("registerGatePolicy", Map.of("input", input("gate-policy:consent-required@1", "maxRegression", 0.02,
                "requireConsent", true)));
        GraphQL.ok("evaluateGate", Map.of("input", input("gate:failed@1", "gatePolicy", "gate-policy:consent-required@1",
                "checkpoint", FINAL, "requestedBy", CAROL)));
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("registerPolicy", input("policy:x@1", "title", "T"), "INVALID_INPUT", "input.text",
                        "a policy needs its text or a uri"),
                Arguments.of("registerPolicy", m("key", "bad key!", "version", "1", "project", PROJECT, "title", "T", "text", "x"),
                        "INVALID_INPUT", "input.key", "must match [A-Za-z0-9._/-]{1,200}"),
                Arguments.of("registerPolicy", m("key", "k", "version", "1 0", "project", PROJECT, "title", "T", "text", "x"),
                        "INVALID_INPUT", "input.version", "must match [A-Za-z0-9._+-]{1,64}"),
                Arguments.of("registerPolicy", m("key", "k", "version", "1", "title", "T", "text", "x"),
                        "INVALID_INPUT", "input.project", "is required"),
                Arguments.of("registerPolicy", input("policy:k@2", "title", "T", "text", "x", "supersedes", "policy:other@1"),
                        "INVALID_INPUT", "input.supersedes", "must be another version of policy:k"),
                Arguments.of("registerRubric", input("rubric:r@1", "policy", "rubric:harmlessness-rating@1",
                        "criteria", List.of(m("name", "n", "description", "d")), "labelSchema", m("type", "PREFERENCE")),
                        "INVALID_INPUT", "input.policy", "is a rubric; a policy ref is required"),
                Arguments.of("registerRubric", input("rubric:r@1", "policy", "polcy:harmlessness@1",
                        "criteria", List.of(m("name", "n", "description", "d")), "labelSchema", m("type", "PREFERENCE")),
                        "INVALID_INPUT", "input.policy", "unknown kind 'polcy'"),
                Arguments.of("registerRubric", input("rubric:r@1", "policy", "policy:harmlessness",
                        "criteria", List.of(m("name", "n", "description", "d")), "labelSchema", m("type", "PREFERENCE")),
                        "INVALID_INPUT", "input.policy", "is not a ref; expected kind:key@version"),
                Arguments.of("registerRubric", input("rubric:r@1", "policy", "policy:missing@1",
                        "criteria", List.of(m("name", "n", "description", "d")), "labelSchema", m("type", "PREFERENCE")),
                        "NOT_FOUND", "input.policy", "Artifact 'policy:missing@1' not found."),
                Arguments.of("registerRubric", input("rubric:r@1", "policy", POLICY_V2, "criteria", List.of(),
                        "labelSchema", m("type", "PREFERENCE")), "INVALID_INPUT", "input.criteria", "at least one criterion"),
                Arguments.of("registerRubric", input("rubric:r@1", "policy", POLICY_V2, "criteria", List.of(m("name", "n", "description", "d")),
                        "labelSchema", m("type", "RATING", "ratingMin", 5.0, "ratingMax", 1.0)), "INVALID_INPUT",
                        "input.labelSchema.ratingMax", "must be greater than ratingMin"),
                Arguments.of("registerEscalation", input("escalation:e@1", "feedback", FEEDBACK_V1.get(0), "fromTier", 2, "toTier", 1,
                        "reason", "r"), "INVALID_INPUT", "input.toTier", "higher tier"),
                Arguments.of("registerAdjudication", input("adjudication:a@1", "resolves", List.of(FEEDBACK_V1.get(0), FEEDBACK_V2.get(0)),
                        "adjudicator", CAROL, "rubric", RUBRIC_V1, "finalJudgment", m("type", "RATING", "rating", 2.0), "rationale", "r"),
                        "INVALID_INPUT", "input.resolves[1]", "labels under one rubric version"),
                Arguments.of("registerAdjudication", input("adjudication:a@1", "resolves", List.of(FEEDBACK_V1.get(0)),
                        "adjudicator", CAROL, "rubric", RUBRIC_V1, "finalJudgment", m("type", "RATING", "rating", 2.0), "rationale", "r"),
                        "INVALID_INPUT", "input.resolves", "at least 2 refs"),
                Arguments.of("registerTrainingRun", input("training-run:t@1", "method", "SFT", "datasets", List.of("dataset:unsealed@1"),
                        "baseCheckpoint", BASE, "config", m("promptTemplate", "t", "roleFormat", "r", "codeCommit", "c")),
                        "INVALID_INPUT", "input.datasets[0]", "is not sealed"),
                Arguments.of("registerTrainingRun", input("training-run:t@1", "method", "RL", "datasets", List.of(TRAIN),
                        "baseCheckpoint", BASE, "config", m("promptTemplate", "t", "roleFormat", "r", "codeCommit", "c")),
                        "INVALID_INPUT", "input.rewardModel", "must name the reward model"),
                Arguments.of("registerTrainingRun", input("training-run:t@1", "method", "SFT", "datasets", List.of(TRAIN, TRAIN),
                        "baseCheckpoint", BASE, "config", m("promptTemplate", "t", "roleFormat", "r", "codeCommit", "c")),
                        "INVALID_INPUT", "input.datasets[1]", "is listed twice"),
                Arguments.of("registerEvalRun", input("eval-run:e@1", "checkpoint", FINAL, "datasets", List.of(TRAIN),
                        "suiteVersion", "s", "decoder", m("temperature", 0.0),
                        "metrics", List.of(m("slice", "s", "metric", "m", "value", 1.0, "sampleCount", 10, "higherIsBetter", true))),
                        "INVALID_INPUT", "input.datasets[0]", "eval runs must read HELD_OUT or EVAL data"),
                Arguments.of("registerEvalRun", input("eval-run:e@1", "checkpoint", FINAL, "datasets", List.of(EVAL),
                        "suiteVersion", "s", "decoder", m("temperature", 0.0),
                        "metrics", List.of(m("slice", "s", "metric", "m", "value", 1.0, "sampleCount", 0, "higherIsBetter", true))),
                        "INVALID_INPUT", "input.metrics[0].sampleCount", "is 0; it must be between 1 and 2147483647."),
                Arguments.of("registerRelease", input("release:r@1", "checkpoint", FINAL, "gate", "gate:failed@1"),
                        "CONFLICT", "input.gate", "decided FAIL on 1 criterion: CONSENT_COMPLETE"),
                Arguments.of("registerRelease", input("release:r@1", "checkpoint", SFT, "gate", GATE),
                        "INVALID_INPUT", "input.gate", "not on checkpoint:sft-7b@1"),
                Arguments.of("evaluateGate", input("gate:g@1", "gatePolicy", "gate-policy:missing@1", "checkpoint", FINAL,
                        "requestedBy", CAROL), "NOT_FOUND", "input.gatePolicy", "Artifact 'gate-policy:missing@1' not found."),
                Arguments.of("registerCheckpoint", input("checkpoint:c@1", "producedBy", "training-run:missing@1", "uri", "u",
                        "weightsDigest", "w"), "NOT_FOUND", "input.producedBy", "Artifact 'training-run:missing@1' not found."));
    }

    @ParameterizedTest(name = "{0} -> {2} at {3}")
    @MethodSource("badInputs")
    void badInputIsRefusedWithCodeFieldAndReasonAndWritesNothing(String mutation, Map<String, Object> input, String code,
            String field, String reason) {
        long journal = stores.journalSize();
        long nodes = stores.cypher("MATCH (a:Artifact) RETURN count(a) AS n", Map.of());
        JsonPath result = GraphQL.run(mutation, Map.of("input", input));
        assertEquals(code, result.getString("errors[0].extensions.code"), result.prettify());
        assertEquals(field, result.getString("errors[0].extensions.field"), result.prettify());
        String message = result.getString("errors[0].message");
        assertTrue(message.startsWith(field + ": ") && message.contains(reason), message);
        assertNull(result.get("data." + mutation));
        assertFalse(message.contains("Exception") || message.contains("io.provenant"), "no internals leak: " + message);
        assertEquals(journal, stores.journalSize());
        assertEquals(nodes, stores.cypher("MATCH (a:Artifact) RETURN count(a) AS n", Map.of()));
    }

    static Stream<Arguments> badFeedback() {
        return Stream.of(
                Arguments.of("policy", POLICY_V1, "INVALID_INPUT", "is policy:harmlessness@1 but rubric:harmlessness-rating@2 implements policy:harmlessness@2"),
                Arguments.of("reviewer", RUBRIC_V2, "INVALID_INPUT", "a reviewer ref is required"),
                Arguments.of("rubric", "rubric:missing@1", "NOT_FOUND", "Artifact 'rubric:missing@1' not found."),
                Arguments.of("occurredAt", null, "INVALID_INPUT", "is required"),
                Arguments.of("prompt", " ", "INVALID_INPUT", "must not be blank"));
    }

    @ParameterizedTest(name = "feedback {0} = {1}")
    @MethodSource("badFeedback")
    void badFeedbackFieldsAreNamedWithTheirIndex(String fieldName, String value, String code, String reason) {
        Map<String, Object> bad = feedback("feedback:bad@1", "p", 3.0, ALICE, RUBRIC_V2, POLICY_V2);
        if (value == null) {
            bad.remove(fieldName);
        } else {
            bad.put(fieldName, value);
        }
        Map<String, Object> good = feedback("feedback:good-neighbour@1", "p", 3.0, ALICE, RUBRIC_V2, POLICY_V2);
        long journal = stores.journalSize();
        JsonPath result = GraphQL.run("recordFeedback", Map.of("events", List.of(good, bad)));
        assertEquals(code, result.getString("errors[0].extensions.code"), result.prettify());
        assertEquals("events[1]." + fieldName, result.getString("errors[0].extensions.field"));
        assertTrue(result.getString("errors[0].message").contains(reason), result.getString("errors[0].message"));
        assertEquals(journal, stores.journalSize());
        assertEquals(0, stores.sql("SELECT count(*) FROM artifact WHERE ref = 'feedback:good-neighbour@1'"));
    }

    static Stream<Arguments> valuesAnInputCannotHold() {
        return Stream.of(
                Arguments.of("decoder", "seed", new java.math.BigInteger("99999999999999999999"), "decoder.seed",
                        "is out of range (in the input of feedback:bad@1)."),
                Arguments.of("decoder", "seed", 9_007_199_254_740_993L, "events[1].decoder.seed",
                        "is 9007199254740993; it must be between -9007199254740992 and 9007199254740992 (2^53)"),
                Arguments.of("decoder", "seed", Long.MAX_VALUE, "events[1].decoder.seed", "it must be between -9007199254740992"),
                Arguments.of(null, "occurredAt", "2026-11-03T09:15:30", "occurredAt",
                        "'2026-11-03T09:15:30' is not a date-time with an offset (ISO-8601, e.g. 2026-11-03T09:15:30Z)"
                                + " (in the input of feedback:bad@1)."),
                Arguments.of(null, "occurredAt", "2026-13-01T00:00:00Z", "occurredAt", "'2026-13-01T00:00:00Z' is not a date-time"));
    }

    /**
     * A value graphql-java lets through but the input type cannot hold is refused when the input is bound
     * (io.provenant.artifact.InputBinding), naming the field within the input and the input's ref: SmallRye does not
     * say which list element it binds (its own error named neither field nor reason, and a seed beyond 64 bits was
     * bound wrapped around). A seed beyond 2^53, which canonical JSON rounds (and near 2^63 journaled as a number no
     * Long holds, stopping the projection of every later entry), is refused by validation, with the event's index.
     */
    @ParameterizedTest(name = "{1} = {2}")
    @MethodSource("valuesAnInputCannotHold")
    void valuesAnInputCannotHoldAreRefusedNamingTheFieldAndWriteNothing(String parent, String name, Object value,
            String field, String reason) {
        Map<String, Object> bad = feedback("feedback:bad@1", "p", 3.0, ALICE, RUBRIC_V2, POLICY_V2);
        @SuppressWarnings("unchecked")
        Map<String, Object> holder = parent == null ? bad : new java.util.HashMap<>((Map<String, Object>) bad.get(parent));
        holder.put(name, value);
        if (parent != null) {
            bad.put(parent, holder);
        }
        Map<String, Object> good = feedback("feedback:good-neighbour@1", "p", 3.0, ALICE, RUBRIC_V2, POLICY_V2);
        long journal = stores.journalSize();
        JsonPath result = GraphQL.run("recordFeedback", Map.of("events", List.of(good, bad)));
        assertEquals("INVALID_INPUT", result.getString("errors[0].extensions.code"), result.prettify());
        assertEquals(field, result.getString("errors[0].extensions.field"), result.prettify());
        String message = result.getString("errors[0].message");
        assertTrue(message.startsWith(field + ": ") && message.contains(reason), message);
        assertNull(result.get("data.recordFeedback"));
        assertEquals(journal, stores.journalSize());
        assertEquals(0, stores.sql("SELECT count(*) FROM artifact WHERE ref IN ('feedback:good-neighbour@1', 'feedback:bad@1')"));
    }
}
