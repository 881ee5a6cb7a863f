package io.provenant.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Logger;
import org.neo4j.driver.Session;

import io.provenant.ProvenantTestServers;
import io.quarkus.arc.Arc;
import io.quarkus.neo4j.runtime.Neo4jConfiguration;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;

/**
 * Every injection of the driver gets Provenant's (quarkus-neo4j's health check included), and its logger leaves a
 * debug message's arguments alone when debug is off (the driver's default logger formatted every Bolt message it sent).
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class Neo4jDriverTest {

    @Inject
    Driver driver;

    @Test
    void theInjectedDriverIsProvenantsAndWorks() {
        assertSame(Neo4jDriver.class, Arc.container().instance(Driver.class).getBean().getBeanClass());
        try (Session session = driver.session()) {
            assertEquals(1, session.run("RETURN 1 AS one").single().get("one").asInt());
        }
    }

    @Test
    void aDebugMessageIsNotFormattedWhenDebugIsOff() {
        Neo4jConfiguration settings = org.eclipse.microprofile.config.ConfigProvider.getConfig().unwrap(SmallRyeConfig.class)
                .getConfigMapping(Neo4jConfiguration.class);
        Logger log = Neo4jDriver.config(settings).logging().getLog("org.neo4j.driver.test");
        AtomicInteger formatted = new AtomicInteger();
        Object message = new Object() {
            @Override
            public String toString() {
                formatted.incrementAndGet();
                return "a Bolt message";
            }
        };
        log.debug("C: %s", message);
        log.trace("C: %s", message);
        assertEquals(false, log.isDebugEnabled());
        assertEquals(0, formatted.get(), "a disabled debug message was formatted");
        log.info("C: %s", message);
        assertEquals(1, formatted.get(), "an info message is formatted and logged");
    }
}
