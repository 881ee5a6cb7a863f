package io.provenant.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the app's CPU goes during an API ingest: JFR execution samples of the app (a recording started and stopped
 * with jcmd around the profiled pass, settings=profile) in that window, each attributed to the first frame from the
 * top of its stack that belongs to a known component (PostgreSQL JDBC, Neo4j driver, JSON, hashing, GraphQL, ...),
 * plus the hottest top frames.
 */
final class FlightProfile {

    private static final String[][] COMPONENTS = {
        {"org.postgresql.", "PostgreSQL JDBC driver"},
        {"io.agroal.", "JDBC pool (Agroal) / transactions"},
        {"com.arjuna.", "JDBC pool (Agroal) / transactions"},
        {"io.quarkus.narayana", "JDBC pool (Agroal) / transactions"},
        {"org.neo4j.", "Neo4j driver (Bolt)"},
        {"io.netty.", "Netty I/O (Bolt and HTTP)"},
        {"io.provenant.journal.Merkle", "journal Merkle tree"},
        {"io.provenant.journal.", "journal (hash chain, outbox, projector)"},
        {"org.erdtman.", "canonical JSON (RFC 8785)"},
        {"sun.security.provider.", "SHA-256"},
        {"java.security.MessageDigest", "SHA-256"},
        {"java.text.Normalizer", "prompt normalization (NFKC)"},
        {"jdk.internal.icu.", "prompt normalization (NFKC)"},
        {"com.fasterxml.jackson.", "Jackson JSON"},
        {"io.smallrye.graphql.", "GraphQL (SmallRye, parse/validate/execute)"},
        {"graphql.", "GraphQL (SmallRye, parse/validate/execute)"},
        {"org.eclipse.yasson", "JSON-B (GraphQL arguments)"},
        {"org.glassfish.json", "JSON-P (GraphQL arguments)"},
        {"org.eclipse.parsson", "JSON-P (GraphQL arguments)"},
        {"io.vertx.", "HTTP (Vert.x)"},
        {"io.provenant.", "Provenant code (validation, registrar)"},
        {"java.util.regex.", "regular expressions"},
        {"org.hibernate.", "Hibernate"},
    };

    private FlightProfile() {
    }

    static Map<String, Object> summarize(Path jfr, Instant from, Instant to) throws IOException {
        Map<String, Long> byComponent = new TreeMap<>();
        Map<String, Long> byTopFrame = new TreeMap<>();
        Map<String, Long> byTopLibraryFrame = new TreeMap<>();
        Map<String, Long> byProvenantMethod = new TreeMap<>();
        Map<String, Long> gcPauses = new TreeMap<>();
        long samples = 0;
        double gcMillis = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                String type = event.getEventType().getName();
                if (type.equals("jdk.GarbageCollection")) {
                    gcMillis += event.getDuration("sumOfPauses").toNanos() / 1e6;
                    gcPauses.merge(event.getString("name"), 1L, Long::sum);
                    continue;
                }
                if (!type.equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                RecordedFrame top = frames.get(0);
                byTopFrame.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
                byTopLibraryFrame.merge(topLibraryFrame(frames), 1L, Long::sum);
                byComponent.merge(component(frames), 1L, Long::sum);
                byProvenantMethod.merge(provenantMethod(frames), 1L, Long::sum);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("window", Map.of("from", from.toString(), "to", to.toString()));
        json.put("executionSamples", samples);
        json.put("byComponent", share(byComponent, samples, 30));
        json.put("topFrames", share(byTopFrame, samples, 15));
        json.put("topFramesOutsideTheJdk", share(byTopLibraryFrame, samples, 15));
        json.put("byProvenantMethod", share(byProvenantMethod, samples, 20));
        json.put("gcPauseMs", Timing.round(gcMillis));
        json.put("gcCollections", gcPauses);
        return json;
    }

    /**
     * The innermost Provenant method on the stack (inclusive of the libraries it called), or where the request was.
     * The request gate is not one: it hands the request on to SmallRye GraphQL on its own stack, so every sample of
     * the GraphQL handling below it would count as the gate's.
     */
    private static String provenantMethod(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("io.provenant.") && !type.startsWith("io.provenant.api.GraphQLRequestGate")) {
                return type.substring("io.provenant.".length()) + "." + frame.getMethod().getName();
            }
        }
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("io.smallrye.graphql.") || type.startsWith("io.quarkus.smallrye.graphql.") || type.startsWith("graphql.")) {
                return "(GraphQL request handling outside Provenant code)";
            }
        }
        return "(no Provenant or GraphQL frame: HTTP, Bolt/JDBC I/O threads, JIT, ...)";
    }

    /**
     * The topmost frame outside the JDK: who made the JDK work (a top frame such as HashMap.hashCode or
     * Formatter.format says little; the library frame under it says who hashed or formatted what).
     */
    private static String topLibraryFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return type + "." + frame.getMethod().getName();
            }
        }
        return "(JDK only)";
    }

    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = frame.getMethod().getType().getName();
            for (String[] c : COMPONENTS) {
                if (name.startsWith(c[0])) {
                    return c[1];
                }
            }
        }
        String top = frames.get(0).getMethod().getType().getName();
        int dot = top.lastIndexOf('.');
        return "other: " + (dot > 0 ? top.substring(0, dot) : top);
    }

    private static Map<String, Object> share(Map<String, Long> counts, long total, int limit) {
        Map<String, Object> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> out.put(e.getKey(), Map.of("samples", e.getValue(),
                        "percent", Timing.round(100.0 * e.getValue() / Math.max(1, total)))));
        return out;
    }
}
