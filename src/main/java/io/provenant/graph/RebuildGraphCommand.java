package io.provenant.graph;

import jakarta.inject.Inject;

import io.provenant.api.ProvenantError;
import io.quarkus.runtime.QuarkusApplication;

/**
 * {@code provenant rebuild-graph}: rebuilds the Neo4j graph from the journal with the progress on stdout, ending
 * with the digest of the rebuilt graph, and exits (0: rebuilt, 1: failed, 2: bad arguments, 3: a rebuild is already
 * running). Started by {@link io.provenant.runtime.ProvenantMain} in Quarkus command mode, with the same embedded
 * servers and configuration as the service and no HTTP port of its own.
 */
public class RebuildGraphCommand implements QuarkusApplication {

    public static final String NAME = "rebuild-graph";

    @Inject
    GraphRebuilds rebuilds;

    @Override
    public int run(String... args) {
        if (args.length != 1 || !NAME.equals(args[0])) {
            System.err.println("usage: provenant " + NAME + "   (takes no options; configure it like the service)");
            return 2;
        }
        try {
            rebuilds.rebuild(System.out::println); // its last line has the digest of the rebuilt graph
            System.out.flush();
            return 0;
        } catch (ProvenantError.Conflict e) {
            System.err.println(e.getMessage());
            return 3;
        } catch (RuntimeException e) {
            System.err.println("rebuild-graph failed: " + e.getMessage());
            e.printStackTrace();
            return 1;
        }
    }
}
