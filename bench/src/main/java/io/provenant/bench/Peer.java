package io.provenant.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The peer: bench/peer/server.mjs (@neo4j/graphql 7 + Apollo Server) over the app's own Neo4j, answering the
 * nearest equivalent of releaseProvenance (nested selections down the chain, @cypher aggregates), timed interleaved
 * with Provenant's releaseProvenance. Needs {@code npm ci} in bench/peer (bench/run.sh does it).
 */
final class Peer {

    private Peer() {
    }

    static Map<String, Object> measure(Path repo, String boltUri, GraphQLClient api, Questions.Question provenance, SyntheticLoop loop,
            int repeats, double warmUpSeconds, Path runDir) throws Exception {
        Path dir = repo.resolve("bench/peer");
        Map<String, Object> result = new LinkedHashMap<>();
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            result.put("run", false);
            result.put("reason", "bench/peer/node_modules is missing: run npm ci in bench/peer (bench/run.sh does)");
            return result;
        }
        ProcessBuilder builder = new ProcessBuilder("node", "server.mjs").directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("NEO4J_URI", boltUri);
        builder.environment().put("PEER_PORT", "0");
        Process node = builder.start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Path log = runDir.resolve("peer.log");
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.startsWith("peer ready at ")) {
                        ready.complete(line.substring("peer ready at ".length()).trim());
                    }
                }
            } catch (java.io.IOException e) {
                // ended
            }
            ready.complete(null);
        }, "peer-log");
        pump.setDaemon(true);
        pump.start();
        try {
            String url = ready.get(120, TimeUnit.SECONDS);
            if (url == null) {
                result.put("run", false);
                result.put("reason", "the peer exited before listening (see " + log + ")");
                return result;
            }
            GraphQLClient peer = new GraphQLClient(url);
            String body = GraphQLClient.body(Questions.resource("peer-release.graphql"), Map.of("ref", loop.latestRelease()));
            JsonNode answer = peer.send(body);
            if (answer.path("releases").isEmpty()) {
                throw new IllegalStateException("The peer found no release " + loop.latestRelease() + ": " + answer);
            }
            // The answer just checked was the peer's first warm-up round (91 s of an L run), and the API answered
            // this question through its own warm-up and repetitions before: one more round each, then the time.
            Questions.warmUp(() -> {
                peer.send(body);
                api.send(provenance.apiBody());
            }, Math.min(1, repeats), warmUpSeconds, warmUpSeconds, null);
            BenchMain.log("peer: warmed up; timing %d repetitions", repeats);
            Timing viaPeer = new Timing();
            Timing viaApi = new Timing();
            for (int i = 0; i < repeats; i++) {
                long t = System.nanoTime();
                if (i % 2 == 0) {
                    peer.send(body);
                    viaPeer.add(System.nanoTime() - t);
                    t = System.nanoTime();
                    api.send(provenance.apiBody());
                    viaApi.add(System.nanoTime() - t);
                } else {
                    api.send(provenance.apiBody());
                    viaApi.add(System.nanoTime() - t);
                    t = System.nanoTime();
                    peer.send(body);
                    viaPeer.add(System.nanoTime() - t);
                }
            }
            result.put("run", true);
            result.put("peer", "@neo4j/graphql 7.6.3 + @apollo/server 5.5.1 (bench/peer/server.mjs)");
            result.put("query", "bench/src/main/resources/io/provenant/bench/peer-release.graphql");
            result.put("peerTiming", viaPeer.json());
            result.put("provenantTiming", viaApi.json());
            result.put("speedupP50", Timing.round(100 * viaPeer.p50() / viaApi.p50()) / 100);
            result.put("speedupP95", Timing.round(100 * viaPeer.p95() / viaApi.p95()) / 100);
            return result;
        } finally {
            node.destroy();
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }
}
