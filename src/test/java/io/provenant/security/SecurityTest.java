package io.provenant.security;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

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
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Tokens, the journal's actor, placeholders for other projects' artifacts, and pseudonyms for personal data. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class SecurityTest {

    static final String PARTNER = "dataset:partner-mix@1";

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    private static Response post(String authorization, String name, Map<String, ?> variables) {
        var request = io.restassured.RestAssured.given().contentType(ContentType.JSON);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.body(Map.of("query", GraphQL.operation(name), "variables", variables)).post("/graphql");
    }

    private static void assertRefused(Response response, String messagePart) {
        assertEquals(401, response.statusCode(), response.asString());
        JsonPath body = response.jsonPath();
        assertEquals("UNAUTHENTICATED", body.getString("errors[0].extensions.code"));
        assertTrue(body.getString("errors[0].message").contains(messagePart), body.getString("errors[0].message"));
        assertNull(body.get("data"));
    }

    @Inject
    Tokens tokens;

    private static double checks(String source) {
        return Api.metrics().getOrDefault("provenant_token_checks_total{source=\"" + source + "\"}", 0.0);
    }

    /** Asks {@code me} with the token until it is refused, at most {@code seconds}; the milliseconds it took. */
    private static long untilRefused(String token, int seconds) throws InterruptedException {
        long started = System.nanoTime();
        Response response = post("Bearer " + token, "me", Map.of());
        while (response.statusCode() == 200 && System.nanoTime() - started < seconds * 1_000_000_000L) {
            Thread.sleep(5);
            response = post("Bearer " + token, "me", Map.of());
        }
        assertRefused(response, "revoked");
        return (System.nanoTime() - started) / 1_000_000;
    }

    private void awaitListening(long sessions) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while ((tokens.listeningSessions() < sessions || !tokens.cacheListening()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(tokens.cacheListening() && tokens.listeningSessions() >= sessions,
                "the token listener is back: " + tokens.listeningSessions() + " sessions, listening " + tokens.cacheListening());
    }

    @Test
    void aVerifiedTokenIsReusedUntilARevocationIsNotifiedFromAnyReplica() throws Exception {
        awaitListening(1);
        JsonPath created = GraphQL.ok("createToken", m("input", m("subject", "cached-reader", "roles", List.of("READER"))));
        String token = created.getString("data.createToken.token");
        String id = created.getString("data.createToken.info.id");
        double cacheBefore = checks("cache");
        double storeBefore = checks("store");
        assertEquals("cached-reader", GraphQL.okAs(token, "me", Map.of()).getString("data.me.subject"));
        for (int i = 0; i < 5; i++) {
            assertEquals("cached-reader", GraphQL.okAs(token, "me", Map.of()).getString("data.me.subject"));
        }
        // The admin's own requests count too, so: at least the five repeats came from the cache, and the cached token
        // was read once (the admin's token is cached already, or read once more at most).
        assertTrue(checks("cache") - cacheBefore >= 5, "cache " + cacheBefore + " -> " + checks("cache"));
        assertTrue(checks("store") - storeBefore <= 2, "store " + storeBefore + " -> " + checks("store"));

        // Revoked by hand in SQL, as another replica's revokeToken would: nothing passes through this replica, yet the
        // trigger's notification evicts the token here; the cache alone would keep it for provenant.security.token-cache (60 s).
        assertEquals(1, stores.update("UPDATE api_token SET revoked_at = now(), revoked_by = 'dba' WHERE id = ?", id));
        long millis = untilRefused(token, 5);
        System.out.printf("MEASURED-TOKEN-NOTIFY: a revocation committed elsewhere was refused here after %d ms%n", millis);
    }

    @Test
    void whileItDoesNotListenEveryRequestReadsTheTokensRow() throws Exception {
        awaitListening(1);
        String token = GraphQL.ok("createToken", m("input", m("subject", "unheard-reader", "roles", List.of("READER"))))
                .getString("data.createToken.token");
        String id = stores.sqlText("SELECT id FROM api_token WHERE subject = 'unheard-reader'");
        GraphQL.okAs(token, "me", Map.of());
        tokens.stopListening();
        try {
            assertFalse(tokens.cacheListening());
            double storeBefore = checks("store");
            GraphQL.okAs(token, "me", Map.of());
            GraphQL.okAs(token, "me", Map.of());
            assertTrue(checks("store") - storeBefore >= 2, "each request read its row");
            // No notification can come, and none is needed: the next request reads the revoked row.
            assertEquals(1, stores.update("UPDATE api_token SET revoked_at = now(), revoked_by = 'dba' WHERE id = ?", id));
            assertRefused(post("Bearer " + token, "me", Map.of()), "revoked");
        } finally {
            long sessions = tokens.listeningSessions();
            tokens.listen();
            awaitListening(sessions + 1);
        }
    }

    @Test
    void aBrokenListeningSessionIsReplacedAndNothingIsFreshMeanwhile() throws Exception {
        awaitListening(1);
        long sessions = tokens.listeningSessions();
        // PostgreSQL ends the listener's session (a restart, a failover, an idle-session killer would too).
        assertEquals(1, stores.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'provenant-tokens'"));
        awaitListening(sessions + 1);
        assertEquals(1, stores.sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'provenant-tokens'"),
                "one listening session, on a new connection");
        // The new session hears revocations as the first did, and the pool's other connections still work.
        JsonPath created = GraphQL.ok("createToken", m("input", m("subject", "relistened-reader", "roles", List.of("READER"))));
        String token = created.getString("data.createToken.token");
        GraphQL.okAs(token, "me", Map.of());
        double cacheBefore = checks("cache");
        GraphQL.okAs(token, "me", Map.of());
        assertTrue(checks("cache") > cacheBefore, "answered from the cache again");
        assertEquals(1, stores.update("UPDATE api_token SET revoked_at = now(), revoked_by = 'dba' WHERE id = ?",
                created.getString("data.createToken.info.id")));
        untilRefused(token, 5);
    }

    @Test
    void tokensAreStoredHashedAndRevocationAndExpiryHoldAtOnce() throws Exception {
        JsonPath created = GraphQL.ok("createToken", m("input", m("subject", "ci-pipeline", "roles", List.of("REGISTRAR"),
                "projects", List.of(PROJECT), "description", "nightly import")));
        String token = created.getString("data.createToken.token");
        String id = created.getString("data.createToken.info.id");
        assertTrue(token.matches("pvt_[A-Za-z0-9_-]{43}"), token);
        assertEquals("bootstrap-admin", created.getString("data.createToken.info.createdBy"));
        // Only a 64-hex keyed hash is stored: neither the token nor its plain sha256 is in the table.
        assertEquals(0, stores.sql("SELECT count(*) FROM api_token WHERE token_hash = ? OR position(? in token_hash) > 0", token, token));
        assertEquals(1, stores.sql("SELECT count(*) FROM api_token WHERE id = ? AND token_hash ~ '^[0-9a-f]{64}$'", id));
        assertEquals(0, stores.sql("SELECT count(*) FROM api_token WHERE token_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')", token));

        JsonPath me = GraphQL.okAs(token, "me", Map.of());
        assertEquals("ci-pipeline", me.getString("data.me.subject"));
        assertEquals(List.of("READER", "REGISTRAR"), me.getList("data.me.roles"));
        assertEquals(List.of(PROJECT), me.getList("data.me.projects"));
        assertFalse(me.getBoolean("data.me.piiAccess"));
        JsonPath listed = GraphQL.ok("tokens", Map.of());
        assertTrue(listed.getList("data.tokens.id").contains(id));
        assertFalse(listed.prettify().contains(token), "a listing never shows a secret");

        JsonPath revoked = GraphQL.ok("revokeToken", m("id", id));
        assertEquals("bootstrap-admin", revoked.getString("data.revokeToken.revokedBy"));
        assertRefused(post("Bearer " + token, "me", Map.of()), "revoked");
        assertFalse(GraphQL.ok("tokens", Map.of()).getList("data.tokens.id").contains(id), "revoked tokens are listed only on request");
        assertTrue(GraphQL.ok("tokens", m("includeRevoked", true)).getList("data.tokens.id").contains(id));

        String shortLived = GraphQL.ok("createToken", m("input", m("subject", "short-lived", "roles", List.of("READER"),
                "expiresAt", OffsetDateTime.now().plusSeconds(2).toString()))).getString("data.createToken.token");
        GraphQL.okAs(shortLived, "me", Map.of());
        Thread.sleep(2500);
        assertRefused(post("Bearer " + shortLived, "me", Map.of()), "expired");

        assertRefused(post(null, "me", Map.of()), "No bearer token");
        assertRefused(post("Bearer not-a-token", "me", Map.of()), "malformed");
        assertRefused(post("Bearer pvt_" + "A".repeat(43), "me", Map.of()), "not known");
        assertRefused(post("Basic YWRtaW46YWRtaW4=", "me", Map.of()), "Bearer");
        // The journal export and the schema are behind the token too; health stays open for probes.
        assertEquals(401, io.restassured.RestAssured.given().get("/audit/journal.jsonl").statusCode());
        assertEquals(401, io.restassured.RestAssured.given().get("/graphql/schema.graphql").statusCode());
        assertEquals(200, io.restassured.RestAssured.given().get("/q/health/live").statusCode());

        JsonPath past = GraphQL.run("createToken", m("input", m("subject", "x", "roles", List.of("READER"), "expiresAt", "2020-01-01T00:00:00Z")));
        assertEquals("INVALID_INPUT", past.getString("errors[0].extensions.code"));
        assertEquals("input.expiresAt", past.getString("errors[0].extensions.field"));
        JsonPath noRole = GraphQL.run("createToken", m("input", m("subject", "x", "roles", List.of())));
        assertEquals("input.roles", noRole.getString("errors[0].extensions.field"));
    }

    @Test
    void theJournalActorIsTheTokenSubject() {
        String token = Api.token("pipeline-7", List.of("REGISTRAR"), List.of(PROJECT));
        String ref = "policy:actor-probe@1";
        GraphQL.okAs(token, "registerPolicy", m("input", input(ref, "title", "Actor probe", "text", "Who wrote this?")));
        assertEquals("pipeline-7", GraphQL.ok("artifact", m("ref", ref)).getString("data.artifact.registeredBy"));
        assertEquals(1, stores.sql("SELECT count(*) FROM journal WHERE ref = ? AND actor = 'pipeline-7'", ref));
    }

    @Test
    void anotherProjectsArtifactsArePlaceholdersInLineage() {
        GraphQL.ok("registerDataset", m("input", m("key", "partner-mix", "version", "1", "project", "partner", "split", "TRAIN",
                "selectionRule", "partner's mix of the assistant's training set", "derivedFrom", List.of(TRAIN))));
        String assistantReader = Api.token("assistant-reader", List.of("READER"), List.of(PROJECT));
        String partnerReader = Api.token("partner-reader", List.of("READER"), List.of("partner"));

        JsonPath down = GraphQL.okAs(assistantReader, "lineage", m("ref", TRAIN, "direction", "DOWNSTREAM", "maxDepth", 1));
        List<Map<String, Object>> nodes = down.getList("data.lineage.nodes");
        Map<String, Object> placeholder = nodes.stream().filter(n -> Boolean.TRUE.equals(n.get("restricted"))).findFirst().orElseThrow();
        assertEquals("DATASET", placeholder.get("kind"));
        assertEquals("restricted", placeholder.get("key"));
        assertEquals("restricted", placeholder.get("version"));
        assertEquals("restricted", placeholder.get("project"));
        assertEquals(List.of(), placeholder.get("attributes"));
        assertTrue(((String) placeholder.get("ref")).startsWith("restricted:~r-"));
        // The edge still points at the placeholder, so the graph stays drawable; nothing of the partner leaks.
        List<Map<String, Object>> edges = down.getList("data.lineage.edges");
        assertTrue(edges.stream().anyMatch(e -> placeholder.get("ref").equals(e.get("from")) && TRAIN.equals(e.get("to"))
                && "DERIVED_FROM".equals(e.get("type"))), edges.toString());
        assertFalse(down.prettify().contains("partner"), down.prettify());
        // The admin sees the real node.
        assertTrue(GraphQL.ok("lineage", m("ref", TRAIN, "direction", "DOWNSTREAM", "maxDepth", 1)).getList("data.lineage.nodes.ref").contains(PARTNER));

        JsonPath up = GraphQL.okAs(partnerReader, "lineage", m("ref", PARTNER, "direction", "UPSTREAM", "maxDepth", 2));
        assertEquals(PARTNER, up.getString("data.lineage.root.ref"));
        List<Map<String, Object>> upstream = up.getList("data.lineage.nodes");
        assertTrue(upstream.size() > 2, up.prettify());
        assertTrue(upstream.stream().filter(n -> !PARTNER.equals(n.get("ref"))).allMatch(n -> Boolean.TRUE.equals(n.get("restricted"))));
        assertFalse(up.prettify().contains("hh-train") || up.prettify().contains("\"assistant\"") || up.prettify().contains("fb-"), up.prettify());
        assertEquals(upstream.size(), new HashSet<>(up.getList("data.lineage.nodes.ref")).size(), "placeholders stay distinct");

        // Asking about the other project's artifact by name is refused, not answered with a placeholder.
        JsonPath refused = GraphQL.runAs(partnerReader, "releaseProvenance", m("release", RELEASE));
        assertEquals("FORBIDDEN", refused.getString("errors[0].extensions.code"));
        assertEquals("release", refused.getString("errors[0].extensions.field"));
        // A writer of the partner project cannot link to the assistant's artifacts either.
        String partnerWriter = Api.token("partner-writer", List.of("REGISTRAR"), List.of("partner"));
        JsonPath link = GraphQL.runAs(partnerWriter, "registerDataset", m("input", m("key", "partner-mix", "version", "2",
                "project", "partner", "split", "TRAIN", "selectionRule", "again", "derivedFrom", List.of(TRAIN))));
        assertEquals("FORBIDDEN", link.getString("errors[0].extensions.code"));
        assertEquals("input.derivedFrom", link.getString("errors[0].extensions.field"));
    }

    @Test
    void personalDataIsPseudonymousWithoutPiiAccess() {
        String reader = Api.token("pii-less-reader", List.of("READER"), List.of(PROJECT));
        String auditor = Api.token("auditor-with-pii", List.of("AUDITOR"), List.of(PROJECT));
        Map<String, Object> vars = m("release", RELEASE, "asOf", builtAt(), "labelsFirst", 100, "reviewersFirst", 100);
        JsonPath clear = GraphQL.okAs(auditor, "releaseProvenance", vars);
        JsonPath masked = GraphQL.okAs(reader, "releaseProvenance", vars);
        String maskedText = masked.prettify();
        for (String secret : List.of("alice", "bob", "Prompt v1 #", "subject-1")) {
            assertTrue(clear.prettify().contains(secret), secret);
            assertFalse(maskedText.contains(secret), secret + " leaked: " + maskedText);
        }
        List<String> clearPrompts = clear.getList("data.releaseProvenance.rubricGroups.labels.nodes.prompt.flatten()");
        List<String> maskedPrompts = masked.getList("data.releaseProvenance.rubricGroups.labels.nodes.prompt.flatten()");
        assertEquals(clearPrompts.size(), maskedPrompts.size());
        assertTrue(maskedPrompts.stream().allMatch(p -> p == null || p.startsWith("~t-")), maskedPrompts.toString());
        // Grouping still works: equal prompts have equal pseudonyms.
        assertEquals(new HashSet<>(clearPrompts).size(), new HashSet<>(maskedPrompts).size());
        List<String> maskedReviewers = masked.getList("data.releaseProvenance.rubricGroups.reviewers.nodes.reviewer.flatten()");
        assertTrue(maskedReviewers.stream().allMatch(r -> r.matches("reviewer:~p-[0-9a-f]{16}@1")), maskedReviewers.toString());
        assertEquals(clear.getList("data.releaseProvenance.rubricGroups.reviewers.nodes.labels.flatten()"),
                masked.getList("data.releaseProvenance.rubricGroups.reviewers.nodes.labels.flatten()"));
        assertEquals(clear.getList("data.releaseProvenance.rubricGroups.labelCount"), masked.getList("data.releaseProvenance.rubricGroups.labelCount"));

        // The pseudonym works as an argument: the reader can follow the reviewer it saw.
        String alias = GraphQL.okAs(reader, "artifact", m("ref", ALICE)).getString("data.artifact.ref");
        assertTrue(alias.matches("reviewer:~p-[0-9a-f]{16}@1"), alias);
        JsonPath byAlias = GraphQL.okAs(reader, "lineage", m("ref", alias, "direction", "DOWNSTREAM", "maxDepth", 1));
        JsonPath byName = GraphQL.ok("lineage", m("ref", ALICE, "direction", "DOWNSTREAM", "maxDepth", 1));
        assertEquals(byName.getInt("data.lineage.totalCount"), byAlias.getInt("data.lineage.totalCount"));
        assertEquals(alias, byAlias.getString("data.lineage.root.ref"));
        JsonPath payload = GraphQL.okAs(reader, "artifact", m("ref", FEEDBACK_V1.get(0)));
        assertFalse(payload.getString("data.artifact.payload").contains("pick a lock"), payload.getString("data.artifact.payload"));
        assertNotEquals(GraphQL.ok("artifact", m("ref", FEEDBACK_V1.get(0))).getString("data.artifact.payload"),
                payload.getString("data.artifact.payload"));
    }
}
