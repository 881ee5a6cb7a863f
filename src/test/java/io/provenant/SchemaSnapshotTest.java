package io.provenant;

import static io.provenant.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The committed SDL (graph-schema/schema.graphql) is the public contract: it must equal the served schema.
 * On a difference the served one is written to target/served-schema.graphql; review it and copy it over.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class SchemaSnapshotTest {

    @Test
    void servedSchemaEqualsTheCommittedOne() throws Exception {
        String served = given().when().get("/graphql/schema.graphql").then().statusCode(200).extract().asString();
        Files.writeString(Path.of("target", "served-schema.graphql"), served, StandardCharsets.UTF_8);
        String committed = Files.readString(Path.of("graph-schema", "schema.graphql"), StandardCharsets.UTF_8);
        assertEquals(committed.strip(), served.strip(),
                "Served GraphQL schema differs from graph-schema/schema.graphql; see target/served-schema.graphql");
    }
}
