package io.provenant;

import static io.provenant.StoryFixture.*;
import static io.provenant.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health reports the real stores; outbox rows left behind are projected by the background drain. */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class HealthAndProjectionTest {

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    @Test
    void healthIsUpWithNeo4jAndPostgresChecks() {
        given().when().get("/q/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Neo4j connection health check"));
    }

    @Test
    void theBackgroundProjectorRestoresWhatTheGraphIsMissing() throws Exception {
        GraphQL.ok("registerPolicy", Map.of("input", input("policy:drain@1", "title", "Drain", "text", "Projected later.")));
        GraphQL.ok("registerRubric", Map.of("input", input("rubric:drain@1", "policy", "policy:drain@1",
                "criteria", java.util.List.of(m("name", "n", "description", "d")), "labelSchema", m("type", "PREFERENCE"))));
        long policySeq = stores.sql("SELECT id FROM artifact WHERE ref = 'policy:drain@1'");
        long rubricSeq = stores.sql("SELECT id FROM artifact WHERE ref = 'rubric:drain@1'");
        // As if the process had died between the journal commit and the projection: graph lacks both, outbox has both.
        stores.cypherWrite("MATCH (a:Artifact) WHERE a.ref IN ['policy:drain@1', 'rubric:drain@1'] DETACH DELETE a", Map.of());
        stores.update("INSERT INTO outbox (seq) VALUES (?), (?)", rubricSeq, policySeq);
        long deadline = System.currentTimeMillis() + 30_000;
        while (stores.sql("SELECT count(*) FROM outbox") > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, stores.sql("SELECT count(*) FROM outbox"));
        assertEquals(1, stores.edges("rubric:drain@1", "IMPLEMENTS", "policy:drain@1"));
        assertEquals(1, stores.cypher("MATCH (p:Policy:Artifact {ref: 'policy:drain@1', title: 'Drain'}) RETURN count(p) AS n", Map.of()));
        assertTrue(stores.cypher("MATCH (m:__Neo4jMigration) RETURN count(m) AS n", Map.of()) >= 1);
    }
}
