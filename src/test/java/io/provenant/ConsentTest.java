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
 * Consent revocation is a new fact, never a deletion: journaled once per subject (idempotent, a different
 * one is a conflict), projected into Neo4j, and from then on new feedback of the subject is refused while
 * what was recorded before stays (and is flagged by releaseProvenance and impact, see their tests).
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class ConsentTest {

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    private static Map<String, Object> revocation(String subject, String reason) {
        return m("subject", subject, "project", PROJECT, "reason", reason);
    }

    @Test
    void theStorysRevocationIsJournaledOnceAndProjected() {
        JsonPath found = GraphQL.ok("consentRevocation", m("subject", REVOKED_SUBJECT));
        assertEquals(Map.of("subject", REVOKED_SUBJECT, "project", PROJECT, "reason", "withdrew consent via the privacy form",
                "revokedAt", "2026-11-20T09:30:00Z", "request", "DSR-2211",
                "journalSequence", found.getInt("data.consentRevocation.journalSequence")), found.get("data.consentRevocation"));
        long seq = found.getLong("data.consentRevocation.journalSequence");
        assertEquals(1, stores.sql("SELECT count(*) FROM journal WHERE seq = ? AND operation = 'revoke-consent' AND ref = ?",
                seq, "consent-subject:" + REVOKED_SUBJECT));
        assertEquals(1, stores.cypher("MATCH (r:ConsentRevocation {subject: $s}) WHERE r.seq = $seq AND r.request = 'DSR-2211'"
                + " RETURN count(r) AS n", Map.of("s", REVOKED_SUBJECT, "seq", seq)));
        assertEquals(1, stores.cypher("MATCH (f:Feedback {consentSubject: $s}) RETURN count(f) AS n", Map.of("s", REVOKED_SUBJECT)),
                "the subject's feedback is still there: history is never deleted");
        long journal = stores.journalSize();
        StoryFixture.revokeConsent();
        assertEquals(journal, stores.journalSize(), "recording the same revocation again is a no-op");
    }

    @Test
    void aDifferentRevocationOfTheSameSubjectIsAConflict() {
        long journal = stores.journalSize();
        JsonPath result = GraphQL.run("revokeConsent", m("input", revocation(REVOKED_SUBJECT, "another reason")));
        assertEquals("CONFLICT", result.getString("errors[0].extensions.code"), result.prettify());
        assertEquals("subject", result.getString("errors[0].extensions.field"));
        assertTrue(result.getString("errors[0].message").contains("was already revoked"), result.getString("errors[0].message"));
        assertEquals(journal, stores.journalSize());
    }

    @Test
    void newFeedbackOfARevokedSubjectIsRefusedWholeButRetriesOfEarlierFeedbackStillSucceed() {
        String subject = "subject-consent-test";
        Map<String, Object> before = feedback("feedback:consent-a@1", "p a", 3.0, ALICE, RUBRIC_V2, POLICY_V2);
        before.put("consent", m("source", "app", "subject", subject, "basis", "consent"));
        GraphQL.ok("recordFeedback", m("events", List.of(before)));

        JsonPath revoked = GraphQL.ok("revokeConsent", m("input", revocation(subject, "account deleted")));
        assertTrue(revoked.getBoolean("data.revokeConsent.created"));
        assertEquals(revoked.getString("data.revokeConsent.revocation.recordedAt"),
                revoked.getString("data.revokeConsent.revocation.revokedAt"), "revokedAt defaults to the time recorded");
        JsonPath again = GraphQL.ok("revokeConsent", m("input", revocation(subject, "account deleted")));
        assertFalse(again.getBoolean("data.revokeConsent.created"));
        assertEquals(revoked.getLong("data.revokeConsent.revocation.journalSequence"),
                again.getLong("data.revokeConsent.revocation.journalSequence"));

        Map<String, Object> after = feedback("feedback:consent-b@1", "p b", 3.0, ALICE, RUBRIC_V2, POLICY_V2);
        after.put("consent", m("source", "app", "subject", subject, "basis", "consent"));
        Map<String, Object> neighbour = feedback("feedback:consent-c@1", "p c", 3.0, ALICE, RUBRIC_V2, POLICY_V2);
        long journal = stores.journalSize();
        JsonPath refused = GraphQL.run("recordFeedback", m("events", List.of(neighbour, after)));
        assertEquals("CONFLICT", refused.getString("errors[0].extensions.code"), refused.prettify());
        assertEquals("events[1].consent.subject", refused.getString("errors[0].extensions.field"));
        assertTrue(refused.getString("errors[0].message").contains("Consent of subject '" + subject + "' was revoked at"),
                refused.getString("errors[0].message"));
        assertEquals(journal, stores.journalSize());
        assertEquals(0, stores.sql("SELECT count(*) FROM artifact WHERE ref IN ('feedback:consent-b@1', 'feedback:consent-c@1')"));

        JsonPath retry = GraphQL.ok("recordFeedback", m("events", List.of(before)));
        assertEquals(1, retry.getInt("data.recordFeedback.unchanged"), "an idempotent retry of earlier feedback is no new feedback");
        assertEquals(journal, stores.journalSize());
    }

    @Test
    void badRevocationsNameTheFieldAndWriteNothing() {
        long journal = stores.journalSize();
        JsonPath blank = GraphQL.run("revokeConsent", m("input", revocation(" ", "r")));
        assertEquals("INVALID_INPUT", blank.getString("errors[0].extensions.code"));
        assertEquals("subject", blank.getString("errors[0].extensions.field"));
        JsonPath project = GraphQL.run("revokeConsent", m("input", m("subject", "s", "project", "bad project", "reason", "r")));
        assertEquals("project", project.getString("errors[0].extensions.field"));
        JsonPath reason = GraphQL.run("revokeConsent", m("input", m("subject", "s", "project", PROJECT)));
        assertEquals("reason", reason.getString("errors[0].extensions.field"));
        assertEquals(journal, stores.journalSize());
        assertNull(GraphQL.ok("consentRevocation", m("subject", "s")).get("data.consentRevocation"));
    }

    @Test
    void revocationsArePagedInTheOrderRecordedWithoutGapsOrDuplicates() {
        for (int i = 0; i < 5; i++) {
            GraphQL.ok("revokeConsent", m("input", m("subject", "paged-" + i, "project", "consent-paging", "reason", "r")));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            JsonPath page = GraphQL.ok("consentRevocations", m("project", "consent-paging", "first", 2, "after", after));
            seen.addAll(page.getList("data.consentRevocations.nodes.subject"));
            after = page.getBoolean("data.consentRevocations.pageInfo.hasNextPage")
                    ? page.getString("data.consentRevocations.pageInfo.endCursor") : null;
        } while (after != null);
        assertEquals(List.of("paged-0", "paged-1", "paged-2", "paged-3", "paged-4"), seen);
        JsonPath badCursor = GraphQL.run("consentRevocations", m("after", "nope"));
        assertEquals("INVALID_INPUT", badCursor.getString("errors[0].extensions.code"));
        assertEquals("after", badCursor.getString("errors[0].extensions.field"));
    }
}
