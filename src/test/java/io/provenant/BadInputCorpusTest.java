package io.provenant;

import static io.provenant.StoryFixture.PROJECT;
import static io.provenant.StoryFixture.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Runs the bad-input corpus (src/test/resources/corpus/*.jsonl, written by {@code corpus.GenerateCorpus}) against the
 * story: every hostile or malformed request gets an {@code errors} array in which every error carries the expected
 * {@code extensions.code} (and {@code extensions.field} when the entry names one) and a message without internals;
 * {@code data} holds no result; and the whole corpus writes nothing (journal, artifact index, Neo4j nodes and
 * relationships counted before and after, with the projector's backlog drained).
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class BadInputCorpusTest {

    static final List<String> FILES = List.of("injection", "refs-and-paging", "documents-and-limits", "story-rules", "tokens");

    /** What a message must never show: stack frames, Java names, store statements. */
    static final List<Pattern> INTERNALS = List.of(
            Pattern.compile("io\\.provenant"), Pattern.compile("\\bjava\\."), Pattern.compile("org\\.neo4j"),
            Pattern.compile("Exception"), Pattern.compile("\\bat [\\w.$]+\\("), Pattern.compile("\\.java:\\d+"),
            Pattern.compile("\\b(MATCH|MERGE|UNWIND|OPTIONAL MATCH|DETACH DELETE)\\b"), Pattern.compile("\\bRETURN\\b"),
            Pattern.compile("\\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|WHERE|FROM (journal|artifact|outbox))\\b"),
            Pattern.compile("\\$\\w+"), Pattern.compile("(?i)postgres|psql|jdbc|hibernate|cypher"));

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Stores stores;

    /** The Authorization header of each caller a token entry names (absent: the bootstrap admin). */
    static final Map<String, String> CALLERS = new java.util.concurrent.ConcurrentHashMap<>();

    static synchronized void callers() throws InterruptedException {
        if (!CALLERS.isEmpty()) {
            return;
        }
        CALLERS.put("malformed", "Bearer not-a-token");
        CALLERS.put("unknown", "Bearer pvt_" + "A".repeat(43));
        CALLERS.put("basic", "Basic YWRtaW46YWRtaW4=");
        CALLERS.put("reader", "Bearer " + Api.token("corpus-reader", List.of("READER"), List.of(PROJECT)));
        CALLERS.put("foreign-reader", "Bearer " + Api.token("corpus-partner-reader", List.of("READER"), List.of("partner")));
        io.restassured.path.json.JsonPath revoked = GraphQL.ok("createToken", Map.of("input", Map.of("subject", "corpus-revoked",
                "roles", List.of("ADMIN"))));
        GraphQL.ok("revokeToken", Map.of("id", revoked.getString("data.createToken.info.id")));
        CALLERS.put("revoked", "Bearer " + revoked.getString("data.createToken.token"));
        String expiring = GraphQL.ok("createToken", Map.of("input", Map.of("subject", "corpus-expired", "roles", List.of("ADMIN"),
                "expiresAt", java.time.OffsetDateTime.now().plusSeconds(1).toString()))).getString("data.createToken.token");
        CALLERS.put("expired", "Bearer " + expiring);
        Thread.sleep(1_500);
    }

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
        // An unsealed dataset that member entries aim at (they must still be refused).
        GraphQL.ok("registerDataset", Map.of("input", input("dataset:unsealed-corpus@1", "split", "TRAIN", "selectionRule",
                "the corpus' target", "project", PROJECT)));
    }

    record Counts(long journal, long artifacts, long nodes, long relationships) {
    }

    Counts counts() throws InterruptedException {
        stores.awaitEmptyOutbox();
        return new Counts(stores.journalSize(), stores.sql("SELECT count(*) FROM artifact"),
                stores.cypher("MATCH (n) RETURN count(n) AS n", Map.of()),
                stores.cypher("MATCH ()-[r]->() RETURN count(r) AS n", Map.of()));
    }

    @Test
    void everyHostileRequestIsRefusedWithItsCodeAndNothingIsWritten() throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        FILES.forEach(file -> entries.addAll(load(file)));
        Map<String, Integer> perCategory = new TreeMap<>();
        entries.forEach(e -> perCategory.merge(e.path("category").asText(), 1, Integer::sum));
        System.out.println("Bad-input corpus: " + entries.size() + " entries " + perCategory);
        assertTrue(entries.size() >= 320, "corpus size " + entries.size());

        callers();
        Counts before = counts();
        List<String> failures = new ArrayList<>();
        for (JsonNode entry : entries) {
            String failure = check(entry);
            if (failure != null) {
                failures.add(entry.path("name").asText() + ": " + failure);
            }
        }
        Counts after = counts();
        if (!before.equals(after)) {
            failures.add(0, "the corpus wrote something: before " + before + ", after " + after);
        }
        java.nio.file.Files.write(java.nio.file.Path.of("target", "bad-input-corpus-failures.txt"), failures, StandardCharsets.UTF_8);
        assertTrue(failures.isEmpty(), failures.size() + " of " + entries.size() + " entries failed:\n" + String.join("\n",
                failures.subList(0, Math.min(60, failures.size()))));
    }

    @Test
    void hostileStringsInFreeTextFiltersAreLiteralsThatMatchNothing() throws Exception {
        Counts before = counts();
        List<String> failures = new ArrayList<>();
        for (JsonNode entry : load("literals")) {
            JsonNode body = JSON.readTree(post(requestBody(entry), 200));
            JsonNode found = at(body, entry.path("empty").asText());
            if (body.has("errors") || !(found.isNull() || found.isMissingNode() || found.isArray() && found.isEmpty())) {
                failures.add(entry.path("name").asText() + ": " + body);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(before, counts());
    }

    @Inject
    io.provenant.api.FieldVisibility fieldVisibility;

    @Test
    void introspectionIsOnByDefault() throws Exception {
        // every field visible through graphql-java's default visibility, not SmallRye's per-lookup pattern check
        assertTrue(fieldVisibility.active(), "the schema kept SmallRye's field visibility");
        JsonNode body = JSON.readTree(post(JSON.writeValueAsString(Map.of("query", "{ __schema { queryType { name } } }")), 200));
        assertEquals("Query", body.at("/data/__schema/queryType/name").asText(), body.toString());
        // GraphiQL's own introspection query (depth 15, complexity 226) is within the limits.
        io.restassured.path.json.JsonPath graphiql = GraphQL.run("introspection-graphiql", Map.of());
        assertNull(graphiql.get("errors"), graphiql.prettify());
        assertEquals("Query", graphiql.getString("data.__schema.queryType.name"));
    }

    @Test
    void aDocumentThatPassedTheGateIsNotTakenForAnotherOperationOrALaterRefusal() throws Exception {
        // one document, two operations: Small selects 1 root field, Wide 51 (one over provenant.graphql.max-root-fields)
        StringBuilder wide = new StringBuilder();
        for (int i = 0; i <= 50; i++) {
            wide.append(" a").append(i).append(": artifact(ref: \"policy:gate-").append(System.nanoTime()).append("@1\") { ref }");
        }
        String document = "query Small { artifact(ref: \"policy:not-there@1\") { ref } } query Wide {" + wide + " }";
        for (int round = 0; round < 2; round++) {
            JsonNode small = JSON.readTree(post(JSON.writeValueAsString(Map.of("query", document, "operationName", "Small")), 200));
            assertTrue(small.has("data") && !small.has("errors"), small.toString());
            JsonNode refused = JSON.readTree(post(JSON.writeValueAsString(Map.of("query", document, "operationName", "Wide")), 200));
            assertEquals("LIMIT_EXCEEDED", refused.at("/errors/0/extensions/code").asText(), refused.toString());
            assertEquals("provenant.graphql.max-root-fields", refused.at("/errors/0/extensions/limit").asText(), refused.toString());
            assertTrue(refused.path("data").isMissingNode() || refused.path("data").isNull(), refused.toString());
        }
    }

    @Inject
    io.provenant.api.ComplexityLimit complexityLimit;

    @Test
    void theComplexityLimitCountsTheFieldsAnOperationExecutes() throws Exception {
        assertTrue(complexityLimit.active(), "graphql-java's complexity check was not replaced");
        // one root field with 999 aliased fields, and one more when $on: 1,001 with $on (over the limit of 1,000), 1,000 without
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 999; i++) {
            fields.append(" f").append(i).append(": ref");
        }
        String query = "query($on: Boolean!) { a: artifact(ref: \"policy:p@1\") {" + fields + " last: kind @include(if: $on)"
                + " gone: kind @skip(if: true) } }";
        JsonNode within = JSON.readTree(post(JSON.writeValueAsString(Map.of("query", query, "variables", Map.of("on", false))), 200));
        assertTrue(within.has("data") && within.path("data").has("a"), within.toString());
        for (JsonNode error : within.path("errors")) {
            assertTrue(!error.at("/extensions/code").asText().equals("LIMIT_EXCEEDED"), within.toString());
        }
        JsonNode over = JSON.readTree(post(JSON.writeValueAsString(Map.of("query", query, "variables", Map.of("on", true))), 200));
        assertEquals("LIMIT_EXCEEDED", over.at("/errors/0/extensions/code").asText(), over.toString());
        assertTrue(over.at("/errors/0/message").asText().startsWith("The query's complexity is 1001 (one per selected field)"),
                over.toString());
    }

    /** Null when the entry's expectations hold, else what went wrong. */
    String check(JsonNode entry) throws IOException {
        int status = entry.path("status").asInt(200);
        String caller = entry.path("token").asText("");
        String authorization = caller.isEmpty() ? "Bearer " + Api.ADMIN_TOKEN : caller.equals("none") ? null : CALLERS.get(caller);
        if (!caller.isEmpty() && !caller.equals("none") && authorization == null) {
            return "unknown caller '" + caller + "'";
        }
        String text = post(entry.has("body") ? entry.get("body").asText() : requestBody(entry), -1, authorization);
        int actual = lastStatus;
        if (actual != status) {
            return "HTTP " + actual + " instead of " + status + ": " + abbreviate(text);
        }
        JsonNode body;
        try {
            body = JSON.readTree(text);
        } catch (IOException e) {
            return "not JSON: " + abbreviate(text);
        }
        JsonNode errors = body.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return "no errors: " + abbreviate(text);
        }
        String code = entry.path("code").asText();
        String field = entry.has("field") ? entry.get("field").asText() : null;
        List<String> echoes = new ArrayList<>(strings(entry.path("variables")));
        echoes.addAll(echoes.stream().map(io.provenant.api.DisplayText::of).toList());
        for (JsonNode error : errors) {
            if (!code.equals(error.at("/extensions/code").asText())) {
                return "code " + error.at("/extensions/code") + " instead of " + code + ": " + abbreviate(text);
            }
            if (field != null && !field.equals(error.at("/extensions/field").asText())) {
                return "field " + error.at("/extensions/field") + " instead of " + field + ": " + abbreviate(text);
            }
            String message = error.path("message").asText();
            if (message.isBlank()) {
                return "empty message: " + abbreviate(text);
            }
            if (message.length() > io.provenant.api.DisplayText.MAX_LENGTH + 200 || message.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                    || Character.getType(c) == Character.FORMAT)) {
                return "message of " + message.length() + " characters or with control or format characters: " + abbreviate(message);
            }
            String shown = message;
            for (String echo : echoes) {
                shown = shown.replace(echo, "");
            }
            for (Pattern internal : INTERNALS) {
                if (internal.matcher(shown).find()) {
                    return "message shows internals (" + internal + "): " + message;
                }
            }
        }
        JsonNode data = body.path("data");
        if (data.isObject()) {
            for (JsonNode value : data) {
                if (!value.isNull()) {
                    return "data holds a result: " + abbreviate(data.toString());
                }
            }
        } else if (!data.isMissingNode() && !data.isNull()) {
            return "data is " + abbreviate(data.toString());
        }
        return null;
    }

    private int lastStatus;

    String post(String body, int expectedStatus) {
        return post(body, expectedStatus, "Bearer " + Api.ADMIN_TOKEN);
    }

    /** POSTs to /graphql with this Authorization header (null: none); tokens come from {@link Api}. */
    String post(String body, int expectedStatus, String authorization) {
        io.restassured.specification.RequestSpecification request = Api.as(null);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        Response response = request.contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/graphql");
        lastStatus = response.statusCode();
        if (expectedStatus >= 0) {
            assertEquals(expectedStatus, lastStatus, response.asString());
        }
        return response.asString();
    }

    /** The request body of an entry: query and variables, with expand, pad and fill applied. */
    static String requestBody(JsonNode entry) throws IOException {
        ObjectNode variables = entry.path("variables").isObject() ? ((ObjectNode) entry.get("variables")).deepCopy()
                : JSON.createObjectNode();
        String query = entry.path("query").asText();
        if (entry.has("expand")) {
            String name = entry.at("/expand/variable").asText();
            int count = entry.at("/expand/count").asInt();
            JsonNode first = variables.get(name).get(0);
            ArrayNode list = JSON.createArrayNode();
            for (int i = 0; i < count; i++) {
                JsonNode copy = first.deepCopy();
                if (copy.isObject() && copy.has("key")) {
                    ((ObjectNode) copy).put("key", copy.get("key").asText() + "-" + i);
                }
                list.add(copy);
            }
            variables.set(name, list);
        }
        if (entry.has("pad")) {
            variables.put("pad", "x".repeat(entry.get("pad").asInt()));
        }
        if (entry.has("fill")) {
            query = query.replace("FILL", "x".repeat(entry.get("fill").asInt()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        return JSON.writeValueAsString(body);
    }

    static List<JsonNode> load(String file) {
        try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/corpus/" + file + ".jsonl")) {
            List<JsonNode> entries = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    entries.add(JSON.readTree(line));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> strings(JsonNode node) {
        List<String> strings = new ArrayList<>();
        if (node.isTextual() && !node.asText().isEmpty()) {
            strings.add(node.asText());
        }
        node.forEach(child -> strings.addAll(strings(child)));
        strings.sort((a, b) -> b.length() - a.length());
        return strings;
    }

    static JsonNode at(JsonNode body, String dotted) {
        return body.at("/" + dotted.replace('.', '/'));
    }

    static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
