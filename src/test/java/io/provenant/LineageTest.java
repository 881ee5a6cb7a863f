package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.provenant.artifact.EdgeType;
import io.provenant.graph.GraphReader;
import io.provenant.lineage.Lineage;
import io.provenant.lineage.LineageGraph.LineageSide;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** lineage(...) on the story fixture: expected answers written out by hand. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class LineageTest {

    /**
     * Everything upstream of the release, by hand (see the fixture): 25 artifacts and all 16 feedback events. The triage
     * rules are among them: fb-001..fb-006 (in hh-train, or resolved by its adjudication) were routed by them.
     */
    static final Set<String> RELEASE_UPSTREAM;

    static {
        Set<String> upstream = new HashSet<>(List.of(RELEASE, GATE, GATE_POLICY, FINAL, EVAL_RUN, RM_CALIBRATION, RL_RUN, TRAIN, SFT, RM,
                HELD_OUT, EVAL, RUBRIC_V2, ALICE, BOB, SFT_RUN, BASE, RM_RUN, RM_PREFS, ADJUDICATION, CAROL, RUBRIC_V1,
                POLICY_V1, POLICY_V2, TRIAGE));
        upstream.addAll(FEEDBACK_V1);
        upstream.addAll(FEEDBACK_V2);
        RELEASE_UPSTREAM = Set.copyOf(upstream);
    }

    @Inject
    GraphReader graph;

    @Inject
    org.neo4j.driver.Driver driver;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    private static JsonPath lineage(Object... variables) {
        return GraphQL.ok("lineage", m(variables));
    }

    private static List<String> nodes(JsonPath result) {
        return result.getList("data.lineage.nodes.ref");
    }

    private static Set<String> edges(JsonPath result) {
        List<Map<String, String>> edges = result.getList("data.lineage.edges");
        return edges.stream().map(e -> e.get("from") + " " + e.get("type") + " " + e.get("to")).collect(Collectors.toSet());
    }

    @Test
    void upstreamOfTheReleaseToDepthTwoIsCutByDepthAndSaysSo() {
        JsonPath result = lineage("ref", RELEASE, "maxDepth", 2);
        assertEquals(List.of(RELEASE, FINAL, GATE, CAROL, RL_RUN, EVAL_RUN, RM_CALIBRATION, GATE_POLICY), nodes(result));
        assertEquals(List.of(0, 1, 1, 2, 2, 2, 2, 2), result.getList("data.lineage.nodes.depth"));
        assertEquals(List.of("ROOT", "UPSTREAM", "UPSTREAM", "UPSTREAM", "UPSTREAM", "UPSTREAM", "UPSTREAM", "UPSTREAM"),
                result.getList("data.lineage.nodes.side"));
        assertEquals(Set.of(RELEASE + " RELEASES " + FINAL, RELEASE + " DECIDED_BY " + GATE, FINAL + " PRODUCED_BY " + RL_RUN,
                GATE + " GATES " + FINAL, GATE + " READ " + EVAL_RUN, GATE + " READ " + RM_CALIBRATION,
                GATE + " UNDER_GATE_POLICY " + GATE_POLICY, GATE + " REQUESTED_BY " + CAROL,
                EVAL_RUN + " EVALUATED " + FINAL), edges(result));
        assertEquals(9, result.getList("data.lineage.edges").size());
        assertEquals(8, result.getInt("data.lineage.totalCount"));
        assertTrue(result.getBoolean("data.lineage.truncated"));
        assertEquals(List.of("DEPTH_LIMIT"), result.getList("data.lineage.truncation.reason"));
        assertFalse(result.getBoolean("data.lineage.pageInfo.hasNextPage"));
    }

    @Test
    void theWholeUpstreamOfTheReleaseIsFortyOneArtifactsAndAHundredAndTenEdges() {
        JsonPath result = lineage("ref", RELEASE, "maxDepth", 50, "first", 1000);
        assertEquals(RELEASE_UPSTREAM, Set.copyOf(nodes(result)));
        assertEquals(41, nodes(result).size());
        // 100 before the gate was computed; - the calibration the old gate read (READ + its UNDER_RUBRIC and 2 CALIBRATES),
        // + READ rm calibration, UNDER_GATE_POLICY, REQUESTED_BY, the rm calibration's EVALUATED and EVALUATED_ON, SIMILARITY_BASE;
        // + hh-heldout and hh-eval DISJOINT_FROM hh-train (both ends already upstream); + fb-001..fb-006 ROUTED_BY the triage rules.
        assertEquals(110, result.getList("data.lineage.edges").size());
        assertEquals(110, edges(result).size());
        assertTrue(edges(result).containsAll(Set.of(HELD_OUT + " DISJOINT_FROM " + TRAIN, EVAL + " DISJOINT_FROM " + TRAIN)));
        assertFalse(result.getBoolean("data.lineage.truncated"), result.prettify());
        assertEquals(List.of(), result.getList("data.lineage.truncation"));
        // release → gate → eval run → base (SIMILARITY_BASE): 3; by release → checkpoint → RL run → SFT → SFT run → base: 5.
        int baseIndex = nodes(result).indexOf(BASE);
        assertEquals(3, (int) result.getList("data.lineage.nodes.depth", Integer.class).get(baseIndex));
    }

    @Test
    void pagesCutOneSnapshotWithEveryNodeAndEdgeOnce() {
        List<String> seenNodes = new ArrayList<>();
        List<String> seenEdges = new ArrayList<>();
        String after = null;
        String asOf = null;
        int pages = 0;
        do {
            JsonPath page = lineage("ref", RELEASE, "maxDepth", 50, "first", 7, "after", after);
            seenNodes.addAll(nodes(page));
            List<Map<String, String>> edges = page.getList("data.lineage.edges");
            edges.forEach(e -> seenEdges.add(e.get("from") + " " + e.get("type") + " " + e.get("to")));
            if (asOf != null) {
                assertEquals(asOf, page.getString("data.lineage.asOf"), "cursors carry the first page's asOf");
            }
            asOf = page.getString("data.lineage.asOf");
            boolean more = page.getBoolean("data.lineage.pageInfo.hasNextPage");
            assertEquals(more, page.getList("data.lineage.truncation.reason").contains("PAGE"));
            assertEquals(41, page.getInt("data.lineage.totalCount"));
            after = more ? page.getString("data.lineage.pageInfo.endCursor") : null;
            pages++;
        } while (after != null);
        assertEquals(6, pages);
        assertEquals(41, seenNodes.size());
        assertEquals(RELEASE_UPSTREAM, Set.copyOf(seenNodes));
        assertEquals(110, seenEdges.size());
        assertEquals(110, Set.copyOf(seenEdges).size(), "no edge twice");
        assertEquals(edges(lineage("ref", RELEASE, "maxDepth", 50, "first", 1000)), Set.copyOf(seenEdges));
    }

    @Test
    void kindsFilterTheNodesShownButTheWalkPassesThroughEverything() {
        JsonPath result = lineage("ref", RELEASE, "maxDepth", 50, "kinds", List.of("POLICY", "RUBRIC"));
        assertEquals(Set.of(RELEASE, RUBRIC_V1, RUBRIC_V2, POLICY_V1, POLICY_V2), Set.copyOf(nodes(result)));
        assertEquals(RELEASE, nodes(result).get(0));
        assertEquals(Set.of(RUBRIC_V2 + " IMPLEMENTS " + POLICY_V2, RUBRIC_V2 + " SUPERSEDES " + RUBRIC_V1,
                RUBRIC_V1 + " IMPLEMENTS " + POLICY_V1, POLICY_V2 + " SUPERSEDES " + POLICY_V1), edges(result));
    }

    @Test
    void edgeTypesRestrictTheWalk() {
        JsonPath result = lineage("ref", RELEASE, "maxDepth", 10, "edgeTypes", List.of("RELEASES", "PRODUCED_BY", "STARTED_FROM"));
        assertEquals(List.of(RELEASE, FINAL, RL_RUN, SFT, SFT_RUN, BASE), nodes(result));
        assertEquals(List.of(0, 1, 2, 3, 4, 5), result.getList("data.lineage.nodes.depth"));
        assertEquals(Set.of(RELEASE + " RELEASES " + FINAL, FINAL + " PRODUCED_BY " + RL_RUN, RL_RUN + " STARTED_FROM " + SFT,
                SFT + " PRODUCED_BY " + SFT_RUN, SFT_RUN + " STARTED_FROM " + BASE), edges(result));
        assertFalse(result.getBoolean("data.lineage.truncated"));
        // downstream, as of the story (other tests register rubrics under policy v2)
        JsonPath downstream = lineage("ref", POLICY_V1, "direction", "DOWNSTREAM", "maxDepth", 10, "edgeTypes",
                List.of("SUPERSEDES", "IMPLEMENTS"), "asOf", builtAt());
        assertEquals(Set.of(RUBRIC_V2 + " IMPLEMENTS " + POLICY_V2, RUBRIC_V2 + " SUPERSEDES " + RUBRIC_V1,
                RUBRIC_V1 + " IMPLEMENTS " + POLICY_V1, POLICY_V2 + " SUPERSEDES " + POLICY_V1), edges(downstream));
        assertEquals(Set.of(POLICY_V1, POLICY_V2, RUBRIC_V1, RUBRIC_V2), Set.copyOf(nodes(downstream)));
    }

    @Test
    void downstreamOfRubricV1OneHopAsOfTheStory() {
        JsonPath result = lineage("ref", RUBRIC_V1, "direction", "DOWNSTREAM", "maxDepth", 1, "asOf", builtAt());
        Set<String> expected = new HashSet<>(FEEDBACK_V1);
        expected.addAll(List.of(RUBRIC_V1, RUBRIC_V2, CALIBRATION_V1, ADJUDICATION));
        assertEquals(expected, Set.copyOf(nodes(result)));
        assertEquals(12, nodes(result).size());
        Set<String> expectedEdges = new HashSet<>();
        FEEDBACK_V1.forEach(f -> expectedEdges.add(f + " UNDER_RUBRIC " + RUBRIC_V1));
        expectedEdges.addAll(List.of(RUBRIC_V2 + " SUPERSEDES " + RUBRIC_V1, CALIBRATION_V1 + " UNDER_RUBRIC " + RUBRIC_V1,
                ADJUDICATION + " UNDER_RUBRIC " + RUBRIC_V1, ADJUDICATION + " RESOLVES " + FEEDBACK_V1.get(0),
                ADJUDICATION + " RESOLVES " + FEEDBACK_V1.get(1)));
        assertEquals(expectedEdges, edges(result));
        assertEquals(List.of("DEPTH_LIMIT"), result.getList("data.lineage.truncation.reason"));
        assertTrue(result.getList("data.lineage.nodes.side").subList(1, 12).stream().allMatch("DOWNSTREAM"::equals));
    }

    @Test
    void asOfShowsTheRegistryAsItWasThen() {
        String policyV1At = GraphQL.ok("artifact", m("ref", POLICY_V1)).getString("data.artifact.registeredAt");
        String policyV2At = GraphQL.ok("artifact", m("ref", POLICY_V2)).getString("data.artifact.registeredAt");
        JsonPath before = lineage("ref", POLICY_V1, "direction", "DOWNSTREAM", "maxDepth", 1, "asOf", policyV1At);
        assertEquals(List.of(POLICY_V1), nodes(before));
        assertFalse(before.getBoolean("data.lineage.truncated"));
        JsonPath withV2 = lineage("ref", POLICY_V1, "direction", "DOWNSTREAM", "maxDepth", 1, "asOf", policyV2At);
        assertEquals(List.of(POLICY_V1, POLICY_V2), nodes(withV2));
        JsonPath story = lineage("ref", POLICY_V1, "direction", "DOWNSTREAM", "maxDepth", 1, "asOf", builtAt());
        Set<String> expected = new HashSet<>(FEEDBACK_V1);
        expected.addAll(List.of(POLICY_V1, POLICY_V2, RUBRIC_V1));
        assertEquals(expected, Set.copyOf(nodes(story)));

        JsonPath notYet = GraphQL.run("lineage", m("ref", RUBRIC_V1, "asOf", policyV1At));
        assertEquals("NOT_FOUND", notYet.getString("errors[0].extensions.code"));
        assertEquals("ref", notYet.getString("errors[0].extensions.field"));
        assertTrue(notYet.getString("errors[0].message").contains("did not exist as of"), notYet.getString("errors[0].message"));

        String trainAt = GraphQL.ok("artifact", m("ref", TRAIN)).getString("data.artifact.registeredAt");
        JsonPath unsealed = lineage("ref", TRAIN, "maxDepth", 1, "asOf", trainAt);
        assertEquals(List.of(TRAIN), nodes(unsealed), "members were added after the registration");
        assertEquals(List.of(Map.of("name", "sealed", "value", "false"), Map.of("name", "split", "value", "TRAIN")),
                unsealed.getList("data.lineage.nodes[0].attributes"));
        JsonPath sealed = lineage("ref", TRAIN, "maxDepth", 1, "asOf", builtAt());
        List<String> names = sealed.getList("data.lineage.nodes[0].attributes.name");
        assertEquals(List.of("contentDigest", "memberCount", "memberRubrics", "sealed", "sealedAt", "split"), names);
        assertEquals("[\"" + RUBRIC_V1 + "\", \"" + RUBRIC_V2 + "\"]",
                sealed.getString("data.lineage.nodes[0].attributes.find { it.name == 'memberRubrics' }.value"));
        assertEquals(12, nodes(sealed).size(), "the dataset and its 11 members");
    }

    @Test
    void everyEdgeButMembershipIsAsOldAsItsFromNode() {
        // hop-upstream.cypher reads since only on member edges: an edge of any other type is made with the registration
        // of its from node. Members are also added after a dataset's registration (addDatasetMembers), so those differ.
        try (var session = driver.session()) {
            var row = session.run("MATCH (a:Artifact)-[r]->(:Artifact) RETURN count(r) AS edges,"
                    + " count(CASE WHEN type(r) <> 'HAS_MEMBER' AND r.since <> a.registeredAt THEN 1 END) AS younger,"
                    + " count(CASE WHEN type(r) = 'HAS_MEMBER' AND r.since > a.registeredAt THEN 1 END) AS laterMembers").single();
            assertTrue(row.get("edges").asLong() > 100, row.toString());
            assertEquals(0, row.get("younger").asLong(), "edges whose since is not their from node's registration");
            assertTrue(row.get("laterMembers").asLong() > 0, "the story adds members after registering datasets");
        }
    }

    @Test
    void aLargeFanOutCostsTheSameStatementsAsASmallOneAndIsCutByMaxNodes() {
        fanOut("fanout-small", 10);
        fanOut("fanout-large", 1000);
        long before = graph.statementsSent();
        JsonPath small = lineage("ref", "rubric:fanout-small@1", "direction", "DOWNSTREAM", "maxDepth", 3);
        long smallStatements = graph.statementsSent() - before;
        before = graph.statementsSent();
        JsonPath large = lineage("ref", "rubric:fanout-large@1", "direction", "DOWNSTREAM", "maxDepth", 3, "first", 1000);
        long largeStatements = graph.statementsSent() - before;
        assertEquals(11, small.getInt("data.lineage.totalCount"));
        assertEquals(1001, large.getInt("data.lineage.totalCount"));
        assertEquals(999, large.getList("data.lineage.edges").size(), "the edge to node 1,001 comes with page 2");
        assertTrue(large.getBoolean("data.lineage.pageInfo.hasNextPage"));
        JsonPath rest = lineage("ref", "rubric:fanout-large@1", "direction", "DOWNSTREAM", "maxDepth", 3, "first", 1000,
                "after", large.getString("data.lineage.pageInfo.endCursor"));
        assertEquals(List.of("feedback:fanout-large-999@1"), nodes(rest));
        assertEquals(1, rest.getList("data.lineage.edges").size());
        // root look-up, hop 1 (finds the events), hop 2 (finds nothing), the page's nodes, the page's edges: the same
        // for 10 and 1,000 labels.
        assertEquals(5, smallStatements);
        assertEquals(5, largeStatements);

        before = graph.statementsSent();
        JsonPath cut = lineage("ref", "rubric:fanout-large@1", "direction", "DOWNSTREAM", "maxNodes", 100, "first", 1000);
        assertEquals(100, cut.getInt("data.lineage.totalCount"));
        assertEquals(List.of("EXPLORATION_LIMIT"), cut.getList("data.lineage.truncation.reason"));
        assertEquals(99, cut.getList("data.lineage.edges").size());
        // root, hop 1 (cut at 99 events), no hop 2 (the budget is spent), the page's nodes, the edges of the page's
        // unexpanded events (none downstream), the page's edges
        assertEquals(5, graph.statementsSent() - before);
        List<String> kept = nodes(cut).subList(1, 100);
        for (int i = 0; i < 99; i++) {
            assertEquals("feedback:fanout-large-" + i + "@1", kept.get(i), "the earliest registered are kept");
        }
    }

    @Test
    void aWalkCutByMaxNodesShowsEveryEdgeAmongTheNodesItShows() {
        // Once the budget is spent the walk runs no further hop; the page reads the edges of its nodes the walk left
        // unexpanded itself. Whatever the cut, the edges shown are the whole upstream's edges among the nodes shown.
        cutWalkShowsEveryEdgeAmongItsNodes(null, List.of(3, 9, 20, 30, 40));
        // only some edge types (the hop's types and within clauses together): every type but the labels' reviewers,
        // rubrics and policies
        List<String> some = Arrays.stream(EdgeType.values()).map(Enum::name)
                .filter(t -> !Set.of("LABELED_BY", "UNDER_RUBRIC", "UNDER_POLICY").contains(t)).toList();
        JsonPath whole = lineage("ref", RELEASE, "maxDepth", 50, "first", 1000, "edgeTypes", some);
        assertTrue(edges(whole).stream().noneMatch(e -> e.contains(" LABELED_BY ") || e.contains(" UNDER_RUBRIC ")), edges(whole).toString());
        Set<String> reached = new HashSet<>(RELEASE_UPSTREAM);
        reached.removeAll(Set.of(ALICE, BOB, RUBRIC_V1, RUBRIC_V2, POLICY_V1, POLICY_V2)); // reached over those types only
        assertEquals(reached, Set.copyOf(nodes(whole)));
        cutWalkShowsEveryEdgeAmongItsNodes(some, List.of(3, 9, 20, 30));
    }

    private static void cutWalkShowsEveryEdgeAmongItsNodes(List<String> edgeTypes, List<Integer> cuts) {
        JsonPath whole = lineage("ref", RELEASE, "maxDepth", 50, "first", 1000, "edgeTypes", edgeTypes);
        Set<String> allEdges = edges(whole);
        for (int maxNodes : cuts) {
            JsonPath cut = lineage("ref", RELEASE, "maxDepth", 50, "first", 1000, "maxNodes", maxNodes, "edgeTypes", edgeTypes);
            Set<String> shown = Set.copyOf(nodes(cut));
            assertEquals(maxNodes, shown.size());
            assertEquals(nodes(whole).subList(0, maxNodes), nodes(cut), "the walk keeps the nearest, earliest nodes");
            Set<String> expected = allEdges.stream().filter(e -> {
                String[] parts = e.split(" ");
                return shown.contains(parts[0]) && shown.contains(parts[2]);
            }).collect(Collectors.toSet());
            assertEquals(expected, edges(cut), "maxNodes " + maxNodes);
            assertEquals(expected.size(), cut.getList("data.lineage.edges").size(), "no edge twice");
            assertEquals(List.of("EXPLORATION_LIMIT"), cut.getList("data.lineage.truncation.reason"));
            // pages of 4: the same nodes and edges, each once
            List<String> pagedNodes = new ArrayList<>();
            List<String> pagedEdges = new ArrayList<>();
            String after = null;
            do {
                JsonPath page = lineage("ref", RELEASE, "maxDepth", 50, "first", 4, "maxNodes", maxNodes, "after", after,
                        "edgeTypes", edgeTypes);
                pagedNodes.addAll(nodes(page));
                List<Map<String, String>> edges = page.getList("data.lineage.edges");
                edges.forEach(e -> pagedEdges.add(e.get("from") + " " + e.get("type") + " " + e.get("to")));
                after = page.getBoolean("data.lineage.pageInfo.hasNextPage") ? page.getString("data.lineage.pageInfo.endCursor") : null;
            } while (after != null);
            assertEquals(nodes(cut), pagedNodes);
            assertEquals(expected.size(), pagedEdges.size(), "maxNodes " + maxNodes + ": no edge twice over the pages");
            assertEquals(expected, Set.copyOf(pagedEdges));
        }
    }

    private static void fanOut(String rubricKey, int events) {
        GraphQL.ok("registerRubric", Map.of("input", input("rubric:" + rubricKey + "@1", "policy", POLICY_V2,
                "criteria", List.of(m("name", "n", "description", "d")), "labelSchema", m("type", "RATING", "ratingMin", 1.0, "ratingMax", 5.0))));
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(feedback("feedback:" + rubricKey + "-" + i + "@1", "fan-out prompt " + i, 3.0, ALICE, "rubric:" + rubricKey + "@1", POLICY_V2));
        }
        GraphQL.ok("recordFeedback", Map.of("events", batch));
    }

    @Test
    void everyLineageStatementSeeksByIndexAndScansNoLabel() throws Exception {
        for (String name : List.of("root", "hop-upstream", "hop-downstream")) {
            String cypher = Plans.statement("lineage/" + name + ".cypher");
            List<String> operators = explain(cypher);
            assertTrue(operators.stream().anyMatch(o -> o.startsWith("NodeUniqueIndexSeek")), name + ": " + operators);
            assertTrue(operators.stream().noneMatch(o -> o.startsWith("AllNodesScan") || o.startsWith("NodeByLabelScan")
                    || o.contains("AllRelationshipsScan")), name + ": " + operators);
        }
    }

    @Test
    void aHopTestsEdgeTypesAndWithinOnlyWhenTheQuestionHasThem() throws Exception {
        java.time.ZonedDateTime asOf = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
        for (LineageSide side : List.of(LineageSide.UPSTREAM, LineageSide.DOWNSTREAM)) {
            // no edge types, no within: nothing about them is planned, no per-row test of a parameter
            List<String> plain = explain(Lineage.hopStatement(side, List.of(RELEASE), List.of(), asOf, null, 10));
            assertTrue(plain.stream().noneMatch(o -> o.contains("type(r) IN") || o.contains("$types") || o.contains("within")),
                    side + ": " + plain);
            // the clauses the hop fills: the types in the expansion's pattern, within as a filter (or, downstream, as
            // the index seek the planner starts from)
            List<String> filled = explain(Lineage.hopStatement(side, List.of(RELEASE), List.of("HAS_MEMBER", "DERIVED_FROM"), asOf,
                    List.of(RELEASE), 10));
            assertTrue(filled.stream().anyMatch(o -> o.startsWith("Expand") && o.contains(":HAS_MEMBER|DERIVED_FROM]")), side + ": " + filled);
            assertTrue(filled.stream().anyMatch(o -> o.contains("$within")), side + ": " + filled);
        }
    }

    private List<String> explain(String cypher) {
        return explain(cypher, m("ref", RELEASE, "frontier", List.of(RELEASE), "asOf",
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC), "limit", 10));
    }

    /** The plan of the text the app sends for {@code statement} (its clauses filled). */
    private List<String> explain(GraphReader.Statement statement) {
        return explain(statement.text(Plans.statement(statement.name())), statement.parameters());
    }

    private List<String> explain(String text, Map<String, Object> parameters) {
        try (var session = driver.session()) {
            return Plans.operators(session.run("EXPLAIN " + text, parameters).consume().plan());
        }
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertError(m("ref", RELEASE, "maxDepth", 51), "INVALID_INPUT", "maxDepth", "maxDepth: is 51; it must be between 1 and 50.");
        assertError(m("ref", RELEASE, "maxDepth", 0), "INVALID_INPUT", "maxDepth", "maxDepth: is 0; it must be between 1 and 50.");
        assertError(m("ref", "release:nope@1"), "NOT_FOUND", "ref", "ref: Artifact 'release:nope@1' not found.");
        assertError(m("ref", "nope"), "INVALID_INPUT", "ref", "ref: 'nope' is not a ref; expected kind:key@version, e.g. rubric:harmlessness@3.");
        assertError(m("ref", RELEASE, "after", "garbage"), "INVALID_INPUT", "after",
                "after: 'garbage' is not a cursor of this list; pass an endCursor it returned.");
        assertError(m("ref", RELEASE, "first", 1001), "INVALID_INPUT", "first", "first: is 1001; it must be between 1 and 1000.");
        assertError(m("ref", RELEASE, "maxNodes", 0), "INVALID_INPUT", "maxNodes", "maxNodes: is 0; it must be between 1 and 50000.");
        String cursor = lineage("ref", RELEASE, "maxDepth", 50, "first", 5).getString("data.lineage.pageInfo.endCursor");
        JsonPath otherAsOf = GraphQL.run("lineage", m("ref", RELEASE, "maxDepth", 50, "first", 5, "after", cursor, "asOf", builtAt()));
        assertEquals("INVALID_INPUT", otherAsOf.getString("errors[0].extensions.code"));
        assertEquals("after", otherAsOf.getString("errors[0].extensions.field"));
    }

    private static void assertError(Map<String, Object> variables, String code, String field, String message) {
        JsonPath result = GraphQL.run("lineage", variables);
        assertEquals(code, result.getString("errors[0].extensions.code"), result.prettify());
        assertEquals(field, result.getString("errors[0].extensions.field"));
        assertEquals(message, result.getString("errors[0].message"));
    }
}
