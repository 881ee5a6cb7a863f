package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** artifact(ref), artifacts(kind, project, keyPrefix, first, after) and versions(kind, key) with keyset paging. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class CatalogQueryTest {

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void pagesWalkEveryMatchOnceInRegistrationOrder() {
        List<String> seen = new ArrayList<>();
        String after = null;
        long previous = -1;
        int pages = 0;
        do {
            Map<String, Object> variables = m("kind", "FEEDBACK", "project", PROJECT, "keyPrefix", "fb-", "first", 3, "after", after);
            JsonPath page = GraphQL.ok("artifacts", variables);
            List<Map<String, Object>> edges = page.getList("data.artifacts.edges");
            for (Map<String, Object> edge : edges) {
                Map<String, Object> node = (Map<String, Object>) edge.get("node");
                assertEquals("FEEDBACK", node.get("kind"));
                assertTrue(((String) node.get("key")).startsWith("fb-"));
                long seq = ((Number) node.get("journalSequence")).longValue();
                assertTrue(seq > previous, "registration order");
                previous = seq;
                seen.add((String) node.get("ref"));
            }
            after = page.getBoolean("data.artifacts.pageInfo.hasNextPage") ? page.getString("data.artifacts.pageInfo.endCursor") : null;
            pages++;
        } while (after != null);
        List<String> expected = new ArrayList<>(FEEDBACK_V1);
        expected.addAll(FEEDBACK_V2);
        assertEquals(expected.size(), seen.size());
        assertTrue(seen.containsAll(expected));
        assertEquals(6, pages);
    }

    @Test
    void keyPrefixIsLiteralNotAPattern() {
        JsonPath page = GraphQL.ok("artifacts", m("keyPrefix", "fb-00%", "first", 10));
        assertEquals(List.of(), page.getList("data.artifacts.edges"));
        JsonPath underscore = GraphQL.ok("artifacts", m("keyPrefix", "fb_", "first", 10));
        assertEquals(List.of(), underscore.getList("data.artifacts.edges"));
    }

    @Test
    void versionsListEveryVersionOfAKey() {
        JsonPath versions = GraphQL.ok("versions", m("kind", "RUBRIC", "key", "harmlessness-rating"));
        assertEquals(List.of(RUBRIC_V1, RUBRIC_V2), versions.getList("data.versions.edges.node.ref"));
        assertEquals(List.of("IMPLEMENTS", "SUPERSEDES"), versions.getList("data.versions.edges[1].node.references.type"));
        assertFalse(versions.getBoolean("data.versions.pageInfo.hasNextPage"));
    }

    @Test
    void badPagingArgumentsAreClearErrors() {
        JsonPath tooMany = GraphQL.run("artifacts", m("first", 501));
        assertEquals("INVALID_INPUT", tooMany.getString("errors[0].extensions.code"));
        assertEquals("first", tooMany.getString("errors[0].extensions.field"));
        assertEquals("first: is 501; it must be between 1 and 500.", tooMany.getString("errors[0].message"));
        JsonPath badCursor = GraphQL.run("artifacts", m("after", "not-a-cursor"));
        assertEquals("INVALID_INPUT", badCursor.getString("errors[0].extensions.code"));
        assertEquals("after", badCursor.getString("errors[0].extensions.field"));
        JsonPath badRef = GraphQL.run("artifact", m("ref", "release-assistant"));
        assertEquals("INVALID_INPUT", badRef.getString("errors[0].extensions.code"));
        assertEquals("ref", badRef.getString("errors[0].extensions.field"));
    }
}
