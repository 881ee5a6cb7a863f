package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.provenant.artifact.Digests;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every kind registers through GraphQL, lands in the journal and the artifact table, and shows its edges in Neo4j. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class RegistrationTest {

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void everyKindIsRegisteredInPostgresAndNeo4j() {
        List<String> refs = List.of(POLICY_V1, POLICY_V2, RUBRIC_V1, RUBRIC_V2, ALICE, BOB, CAROL, CALIBRATION_V1,
                CALIBRATION_V2, TRIAGE, ESCALATION, ESCALATION_RESOLVED, ESCALATION_OPEN, ADJUDICATION, TRAIN, HELD_OUT, EVAL,
                RM_PREFS, BASE, SFT_RUN, SFT, RM_RUN, RM, RL_RUN, FINAL, EVAL_RUN, RM_CALIBRATION, GATE_POLICY, GATE, RELEASE,
                FEEDBACK_V1.get(0), FEEDBACK_V2.get(7));
        for (String ref : refs) {
            assertEquals(1, stores.sql("SELECT count(*) FROM artifact WHERE ref = ?", ref), ref + " in PostgreSQL");
            assertEquals(1, stores.cypher("MATCH (a:Artifact {ref: $ref}) WHERE a.kind IS NOT NULL RETURN count(a) AS n",
                    Map.of("ref", ref)), ref + " in Neo4j");
        }
        assertEquals(15, stores.sql("SELECT count(DISTINCT kind) FROM artifact WHERE project = ?", PROJECT), "SPEC's 14 and gate-policy");
        assertEquals(1, stores.cypher("MATCH (a:TrainingRun:Artifact {ref: $ref}) RETURN count(a) AS n", Map.of("ref", RL_RUN)));
        List<String> story = new java.util.ArrayList<>(FEEDBACK_V1);
        story.addAll(FEEDBACK_V2);
        assertEquals(16, stores.cypher("MATCH (f:Feedback {project: $p}) WHERE f.ref IN $refs RETURN count(f) AS n",
                Map.of("p", PROJECT, "refs", story)));
    }

    @Test
    void typedEdgesPointFromTheNewArtifactToWhatItWasMadeFrom() {
        assertEquals(1, stores.edges(RUBRIC_V2, "IMPLEMENTS", POLICY_V2));
        assertEquals(1, stores.edges(RUBRIC_V2, "SUPERSEDES", RUBRIC_V1));
        assertEquals(1, stores.edges(POLICY_V2, "SUPERSEDES", POLICY_V1));
        assertEquals(1, stores.edges(FEEDBACK_V1.get(0), "LABELED_BY", ALICE));
        assertEquals(1, stores.edges(FEEDBACK_V1.get(0), "UNDER_RUBRIC", RUBRIC_V1));
        assertEquals(1, stores.edges(FEEDBACK_V1.get(0), "UNDER_POLICY", POLICY_V1));
        assertEquals(1, stores.edges(CALIBRATION_V2, "CALIBRATES", BOB));
        // Triage rules are upstream of the feedback they route: the event points to the rule version that routed it.
        assertEquals(1, stores.edges(FEEDBACK_V1.get(2), "ROUTED_BY", TRIAGE));
        assertEquals(6, stores.cypher("MATCH (f:Feedback)-[:ROUTED_BY]->(:Triage {ref: $ref}) RETURN count(f) AS n", Map.of("ref", TRIAGE)));
        assertEquals(1, stores.edges(ESCALATION, "ESCALATES", FEEDBACK_V1.get(2)));
        assertEquals(1, stores.edges(ESCALATION_RESOLVED, "ESCALATES", FEEDBACK_V1.get(2)));
        assertEquals(1, stores.edges(ESCALATION_RESOLVED, "SUPERSEDES", ESCALATION));
        assertEquals(0, stores.edges(ESCALATION, "RESOLVED_BY", CAROL), "the open version has no resolution");
        assertEquals(1, stores.edges(ESCALATION_RESOLVED, "RESOLVED_BY", CAROL));
        assertEquals(1, stores.edges(ADJUDICATION, "RESOLVES", FEEDBACK_V1.get(1)));
        assertEquals(1, stores.edges(ADJUDICATION, "ADJUDICATED_BY", CAROL));
        assertEquals(1, stores.edges(TRAIN, "HAS_MEMBER", ADJUDICATION));
        assertEquals(11, stores.cypher("MATCH (:Dataset {ref: $ref})-[r:HAS_MEMBER]->() RETURN count(r) AS n", Map.of("ref", TRAIN)));
        assertEquals(1, stores.edges(RM_PREFS, "DERIVED_FROM", TRAIN));
        assertEquals(1, stores.edges(SFT_RUN, "USED", TRAIN));
        assertEquals(1, stores.edges(SFT_RUN, "STARTED_FROM", BASE));
        assertEquals(1, stores.edges(RL_RUN, "REWARD_MODEL", RM));
        assertEquals(1, stores.edges(FINAL, "PRODUCED_BY", RL_RUN));
        assertEquals(1, stores.edges(EVAL_RUN, "EVALUATED", FINAL));
        assertEquals(1, stores.edges(EVAL_RUN, "REFERENCE", SFT));
        assertEquals(1, stores.edges(EVAL_RUN, "EVALUATED_ON", HELD_OUT));
        assertEquals(1, stores.edges(GATE, "GATES", FINAL));
        assertEquals(1, stores.edges(GATE, "READ", EVAL_RUN));
        assertEquals(1, stores.edges(RELEASE, "RELEASES", FINAL));
        assertEquals(1, stores.edges(RELEASE, "DECIDED_BY", GATE));
        // Registration edges only point to artifacts that existed before (lower journal sequence), so no cycle can
        // form; membership is added later but only from datasets to feedback/adjudications, which point to no dataset.
        assertEquals(0, stores.cypher("MATCH (a:Artifact)-[r]->(b:Artifact) WHERE type(r) <> 'HAS_MEMBER' AND a.seq <= b.seq"
                + " RETURN count(r) AS n", Map.of()));
        assertEquals(0, stores.cypher("MATCH (d:Dataset)-[:HAS_MEMBER]->(m) WHERE NOT (m:Feedback OR m:Adjudication)"
                + " RETURN count(m) AS n", Map.of()));
    }

    @Test
    void artifactShowsItsCanonicalPayloadWhoseSha256IsItsDigest() {
        var artifact = GraphQL.ok("artifact", Map.of("ref", RELEASE)).getMap("data.artifact");
        assertEquals("RELEASE", artifact.get("kind"));
        assertEquals("assistant", artifact.get("key"));
        assertEquals("2026.11", artifact.get("version"));
        assertEquals(PROJECT, artifact.get("project"));
        assertEquals("bootstrap-admin", artifact.get("registeredBy"));
        assertEquals(Digests.sha256((String) artifact.get("payload")), artifact.get("digest"));
        assertEquals("{\"checkpoint\":\"checkpoint:assistant-7b@1\",\"gate\":\"gate:ship-assistant-7b@1\",\"key\":\"assistant\","
                + "\"kind\":\"release\",\"project\":\"assistant\",\"version\":\"2026.11\"}", artifact.get("payload"));
        assertEquals(List.of(Map.of("type", "RELEASES", "field", "checkpoint", "ref", FINAL),
                Map.of("type", "DECIDED_BY", "field", "gate", "ref", GATE)), artifact.get("references"));
        assertNull(artifact.get("dataset"));
        assertNull(GraphQL.ok("artifact", Map.of("ref", "release:nope@1")).get("data.artifact"));
    }

    /**
     * What a client sends is what is journaled, value for value: an offset and microseconds of a date-time kept as
     * sent, integers given for Float fields, a Long beyond an Int, escapes and characters outside the BMP. The payload
     * below is what the API journaled when its input objects were bound by SmallRye's default JSON-B (Yasson); the
     * binding by Jackson ({@code io.provenant.artifact.InputBinding}) must journal the very same bytes, or an identical
     * retry of an event recorded before would be refused as a conflict.
     */
    @Test
    void aFeedbackEventIsJournaledValueForValueAsSent() {
        Map<String, Object> event = input("feedback:binding-probe@1",
                "prompt", "\u00dcn\u00efcode \u2713 \ud83d\ude00\ttab\nline \u2028 \"quoted\" \\ back",
                "response", "r",
                "judgment", m("type", "RATING", "rating", 4, "comment", "c"),
                "reviewer", ALICE, "rubric", RUBRIC_V1, "policy", POLICY_V1,
                "promptTemplate", "chat-v3", "roleFormat", "system-user-assistant",
                "decoder", m("model", "m", "temperature", 0.1, "topP", 1, "topK", 40, "maxTokens", 512, "seed", 12345678901L),
                "consent", m("source", "s", "subject", "subject-binding", "basis", "consent"),
                "occurredAt", "2026-11-03T09:15:30.123456+05:30");
        assertEquals("io.provenant.artifact.InputBinding$JacksonJsonb", io.smallrye.graphql.json.JsonBCreator
                .getJsonB("io.provenant.artifact.FeedbackEventInput").getClass().getName(), "the binding in use");
        GraphQL.ok("recordFeedback", Map.of("events", List.of(event)));
        assertEquals("{\"consent\":{\"basis\":\"consent\",\"source\":\"s\",\"subject\":\"subject-binding\"},"
                + "\"decoder\":{\"maxTokens\":512,\"model\":\"m\",\"seed\":12345678901,\"temperature\":0.1,\"topK\":40,\"topP\":1},"
                + "\"judgment\":{\"comment\":\"c\",\"rating\":4,\"type\":\"RATING\"},\"key\":\"binding-probe\",\"kind\":\"feedback\","
                + "\"occurredAt\":\"2026-11-03T09:15:30.123456+05:30\",\"policy\":\"policy:harmlessness@1\",\"project\":\"assistant\","
                + "\"prompt\":\"\u00dcn\u00efcode \u2713 \ud83d\ude00\\ttab\\nline \u2028 \\\"quoted\\\" \\\\ back\",\"promptTemplate\":\"chat-v3\","
                + "\"response\":\"r\",\"reviewer\":\"reviewer:alice@1\",\"roleFormat\":\"system-user-assistant\","
                + "\"rubric\":\"rubric:harmlessness-rating@1\",\"version\":\"1\"}",
                stores.sqlText("SELECT payload FROM journal WHERE ref = 'feedback:binding-probe@1'"));
    }

    @Test
    void journalHasOneEntryPerWriteAndNoOutboxIsLeft() {
        long artifacts = stores.sql("SELECT count(*) FROM artifact");
        long memberEntries = stores.sql("SELECT count(*) FROM journal WHERE operation = 'add-members'");
        long seals = stores.sql("SELECT count(*) FROM journal WHERE operation = 'seal'");
        long revocations = stores.sql("SELECT count(*) FROM consent_revocation");
        assertEquals(revocations, stores.sql("SELECT count(*) FROM journal WHERE operation = 'revoke-consent'"));
        assertEquals(artifacts + memberEntries + seals + revocations, stores.journalSize());
        assertTrue(seals >= 4);
        assertEquals(stores.journalSize(), stores.sql("SELECT seq FROM journal_head"));
        assertEquals(0, stores.sql("SELECT count(*) FROM outbox"));
    }
}
