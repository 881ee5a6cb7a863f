package io.provenant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class SmokeTest {

    @Test
    void dumpSchema() throws Exception {
        String sdl = io.restassured.RestAssured.get("/graphql/schema.graphql").asString();
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/served-schema.graphql"), sdl);
    }

    @Test
    void registersAPolicy() {
        var result = GraphQL.ok("registerPolicy", Map.of("input", Map.of("key", "smoke", "version", "1", "project", "p",
                "title", "Smoke", "text", "Be helpful.")));
        assertEquals("policy:smoke@1", result.getString("data.registerPolicy.artifact.ref"));
    }
}
