package io.provenant;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.provenant.runtime.EmbeddedServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real servers for the test run: the project's own Neo4j and an embedded PostgreSQL, on free ports, with
 * their data in a fresh directory under target/ (never the user's data).
 */
public class ProvenantTestServers implements QuarkusTestResourceLifecycleManager {

    private EmbeddedServers servers;

    @Override
    public Map<String, String> start() {
        Path dir = Path.of("target", "test-servers", UUID.randomUUID().toString());
        servers = EmbeddedServers.startMissing(true, true, dir, Path.of("neo4j-server", "target"), "512m", true, true);
        Map<String, String> config = new HashMap<>(servers.config());
        config.put("provenant.test.servers-dir", dir.toAbsolutePath().toString());
        return config;
    }

    @Override
    public void stop() {
        if (servers != null) {
            servers.close();
        }
    }
}
