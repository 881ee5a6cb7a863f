package io.provenant.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

import io.provenant.ProvenantTestServers;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The seal's memberRubrics, projected out of journal order: a seal applied before one of its members' registrations
 * (the member edge merged a bare node) leaves it unset, and applied again once they are in the graph, sets it.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class ProjectorSealTest {

    private static final String DATASET = "dataset:seal-order@1";

    @Inject
    Driver driver;

    private Value seal(Session session, long memberCount) {
        Map<String, Object> row = Map.of("ref", DATASET, "contentDigest", "c".repeat(64), "memberCount", memberCount,
                "sealedAt", ZonedDateTime.now(ZoneOffset.UTC));
        session.run(Projector.SEAL, Map.of("rows", List.of(row))).consume();
        return session.run("MATCH (d:Artifact {ref: $ref}) RETURN d.memberRubrics AS rubrics", Map.of("ref", DATASET)).single().get("rubrics");
    }

    @Test
    void memberRubricsWaitForEveryMember() {
        try (Session session = driver.session()) {
            session.run("MERGE (d:Artifact {ref: $ref}) SET d:Dataset, d.kind = 'dataset', d.registeredAt = datetime()"
                    + " MERGE (a:Artifact {ref: 'feedback:seal-order-a@1'}) SET a.registeredAt = datetime()"
                    + " MERGE (r2:Artifact {ref: 'rubric:seal-order@2'}) MERGE (r1:Artifact {ref: 'rubric:seal-order@1'})"
                    + " MERGE (a)-[:UNDER_RUBRIC]->(r2)"
                    + " MERGE (b:Artifact {ref: 'feedback:seal-order-b@1'})" // a bare node: b's registration is not projected yet
                    + " MERGE (d)-[:HAS_MEMBER]->(a) MERGE (d)-[:HAS_MEMBER]->(b)", Map.of("ref", DATASET)).consume();
            assertNull(seal(session, 2).asObject(), "b is not registered in the graph yet");
            assertNull(seal(session, 3).asObject(), "a third member's edge is not projected yet");
            session.run("MATCH (b:Artifact {ref: 'feedback:seal-order-b@1'}), (r1:Artifact {ref: 'rubric:seal-order@1'})"
                    + " SET b.registeredAt = datetime() MERGE (b)-[:UNDER_RUBRIC]->(r1)").consume();
            assertEquals(List.of("rubric:seal-order@1", "rubric:seal-order@2"), seal(session, 2).asList(Value::asString),
                    "sorted, once every member is in");
        } finally {
            try (Session session = driver.session()) {
                session.run("MATCH (n:Artifact) WHERE n.ref IN [$ref, 'feedback:seal-order-a@1', 'feedback:seal-order-b@1',"
                        + " 'rubric:seal-order@1', 'rubric:seal-order@2'] DETACH DELETE n", Map.of("ref", DATASET)).consume();
            }
        }
    }
}
