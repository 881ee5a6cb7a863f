package io.provenant;

import static io.provenant.Api.given;
import static io.provenant.StoryFixture.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** /q/metrics (Prometheus text) and the projector's readiness check move as registrations happen. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class OperationsMetricsTest {

    static final String REGISTRATIONS = "provenant_registrations_total{kind=\"policy\"}";
    static final String REGISTER_OK = "provenant_graphql_requests_seconds_count{operation=\"registerPolicy\",outcome=\"ok\"}";
    static final String ARTIFACT_ERROR = "provenant_graphql_requests_seconds_count{operation=\"artifact\",outcome=\"error\"}";
    static final String NONE = "provenant_graphql_requests_seconds_count{operation=\"none\",outcome=\"ok\"}";

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void registrationsJournalAndRequestsShowInTheMetrics() throws Exception {
        Map<String, Double> before = Api.metrics();
        GraphQL.ok("registerPolicy", Map.of("input", input("policy:metrics@1", "title", "Metrics", "text", "Counted once.")));
        GraphQL.ok("registerPolicy", Map.of("input", input("policy:metrics@1", "title", "Metrics", "text", "Counted once.")));
        GraphQL.ok("registerPolicy", Map.of("input", input("policy:metrics@2", "title", "Metrics", "text", "Counted too.")));
        JsonPath failed = GraphQL.run("artifact", Map.of("ref", "not-a-ref"));
        assertEquals("INVALID_INPUT", failed.getString("errors[0].extensions.code"));
        GraphQL.runText("{ nosuchfield }", Map.of());
        stores.awaitEmptyOutbox();
        Thread.sleep(1_100); // the journal gauges read PostgreSQL at most once a second

        Map<String, Double> after = Api.metrics();
        assertEquals(before.getOrDefault(REGISTRATIONS, 0.0) + 2, after.get(REGISTRATIONS), "two new policies; the retry is not counted");
        assertEquals(before.getOrDefault(REGISTER_OK, 0.0) + 3, after.get(REGISTER_OK), "three registerPolicy requests");
        assertEquals(before.getOrDefault(ARTIFACT_ERROR, 0.0) + 1, after.get(ARTIFACT_ERROR));
        assertEquals(before.getOrDefault(NONE, 0.0) + 1, after.get(NONE), "an invalid query fetched no root field");
        assertNotNull(after.get("provenant_graphql_requests_seconds_sum{operation=\"registerPolicy\",outcome=\"ok\"}"));
        assertTrue(after.keySet().stream().filter(k -> k.startsWith("provenant_graphql_requests_seconds_count"))
                .noneMatch(k -> k.contains("operation=\"nosuchfield\"")), "operation tags come from the schema only");

        assertEquals((double) stores.journalSize(), after.get("provenant_journal_entries"));
        assertEquals(0.0, after.get("provenant_projection_backlog_entries"));
        assertEquals(0.0, after.get("provenant_projection_lag_seconds"));
    }

    @Test
    void readinessReportsTheStoresAndTheProjector() {
        JsonPath ready = given().when().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertEquals("UP", ready.getString("checks.find { it.name == 'Projection backlog' }.status"));
        assertNotNull(ready.get("checks.find { it.name == 'Projection backlog' }.data.lagSeconds"));
        assertEquals("UP", ready.getString("checks.find { it.name == 'Neo4j connection health check' }.status"));
        assertEquals("UP", ready.getString("checks.find { it.name == 'Database connections health check' }.status"));
    }
}
