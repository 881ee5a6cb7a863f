package io.provenant.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.erdtman.jcs.NumberToJSON;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Point;

import io.provenant.artifact.Digests;

/**
 * Computes the {@link GraphDigest} of the Neo4j graph: sha256 over one canonical line per node and per
 * relationship, in a stable order, then a line with the counts. The exact algorithm, which an auditor can
 * recompute from a dump, is in graph-schema/README.md ("Graph digest"); this class is its reference.
 *
 * <p>The graph is read in keyset pages of {@value #PAGE} rows ({@code graph/digest-*.cypher}), one read
 * transaction each, and hashed as it streams, so memory stays flat however large the graph.
 */
@ApplicationScoped
public class GraphDigests {

    /** Rows per page read from Neo4j. */
    static final int PAGE = 10_000;

    @Inject
    GraphReader reader;

    /** The digest of the graph as it is now. */
    public GraphDigest compute() {
        MessageDigest sha = Digests.newSha256();
        Record counts = reader.readOne("graph/digest-counts.cypher", Map.of()).get(0);
        long nodeCount = counts.get("nodes").asLong();
        long edgeCount = counts.get("edges").asLong();

        for (String statement : List.of("graph/digest-artifacts.cypher", "graph/digest-revocations.cypher")) {
            String after = "";
            List<Record> page;
            do {
                page = reader.readOne(statement, Map.of("after", after, "limit", PAGE));
                for (Record node : page) {
                    update(sha, nodeLine(node.get("labels").asList(Value::asString), node.get("properties")));
                    after = node.get("key").asString();
                }
            } while (page.size() == PAGE);
        }

        Map<String, Object> cursor = Map.of("source", "", "relType", "", "target", "", "rid", "");
        List<Record> page;
        do {
            Map<String, Object> parameters = new java.util.HashMap<>(cursor);
            parameters.put("limit", PAGE);
            page = reader.readOne("graph/digest-edges.cypher", parameters);
            for (Record edge : page) {
                update(sha, edgeLine(edge.get("source").asString(), edge.get("relType").asString(),
                        edge.get("target").asString(), edge.get("properties")));
                cursor = Map.of("source", edge.get("source").asString(), "relType", edge.get("relType").asString(),
                        "target", edge.get("target").asString(), "rid", edge.get("rid").asString());
            }
        } while (page.size() == PAGE);

        update(sha, countLine(nodeCount, edgeCount));
        return new GraphDigest(HexFormat.of().formatHex(sha.digest()), nodeCount, edgeCount, OffsetDateTime.now(ZoneOffset.UTC));
    }

    private static void update(MessageDigest sha, String line) {
        sha.update(line.getBytes(StandardCharsets.UTF_8));
    }

    // ---- The canonical text (graph-schema/README.md, "Graph digest") ------------------------------------------

    /** {@code node ["Artifact","Feedback"] {"digest":"…","seq":42,…}\n}: labels sorted, properties sorted by key. */
    static String nodeLine(List<String> labels, Value properties) {
        return "node " + labels.stream().sorted().map(GraphDigests::string).collect(Collectors.joining(",", "[", "]"))
                + " " + properties(properties) + "\n";
    }

    /** {@code edge "feedback:fb-1@1" "LABELED_BY" "reviewer:alice@1" {"field":"reviewer","since":datetime("…")}\n}. */
    static String edgeLine(String source, String type, String target, Value properties) {
        return "edge " + string(source) + " " + string(type) + " " + string(target) + " " + properties(properties) + "\n";
    }

    /** The last line: {@code count nodes=N edges=M\n}. */
    static String countLine(long nodes, long edges) {
        return "count nodes=" + nodes + " edges=" + edges + "\n";
    }

    static String properties(Value properties) {
        Map<String, Object> sorted = new TreeMap<>(properties.asMap(Value::asObject));
        return sorted.entrySet().stream().map(e -> string(e.getKey()) + ":" + value(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** One property value in its canonical text; temporal values in UTC where they have an instant. */
    static String value(Object value) {
        if (value instanceof String text) {
            return string(text);
        }
        if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Double number) {
            return "float(" + number(number) + ")";
        }
        if (value instanceof ZonedDateTime time) {
            return "datetime(" + string(DateTimeFormatter.ISO_INSTANT.format(time.toInstant())) + ")";
        }
        if (value instanceof OffsetDateTime time) {
            return "datetime(" + string(DateTimeFormatter.ISO_INSTANT.format(time.toInstant())) + ")";
        }
        if (value instanceof LocalDate date) {
            return "date(" + string(date.toString()) + ")";
        }
        if (value instanceof LocalDateTime time) {
            return "localdatetime(" + string(time.toString()) + ")";
        }
        if (value instanceof OffsetTime time) {
            return "time(" + string(time.toString()) + ")";
        }
        if (value instanceof LocalTime time) {
            return "localtime(" + string(time.toString()) + ")";
        }
        if (value instanceof IsoDuration duration) {
            return "duration(" + string(duration.toString()) + ")";
        }
        if (value instanceof Point point) {
            List<String> parts = new ArrayList<>(List.of(Integer.toString(point.srid()), number(point.x()), number(point.y())));
            if (!Double.isNaN(point.z())) {
                parts.add(number(point.z()));
            }
            return "point(" + String.join(",", parts) + ")";
        }
        if (value instanceof byte[] bytes) {
            return "bytes(" + string(HexFormat.of().formatHex(bytes)) + ")";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(GraphDigests::value).collect(Collectors.joining(",", "[", "]"));
        }
        throw new IllegalStateException("A graph property of type " + (value == null ? "null" : value.getClass().getName())
                + " has no canonical form.");
    }

    /** A number as RFC 8785 (ECMAScript) writes it: shortest round-trip form, e.g. 0.6, 1, 1e+21. */
    static String number(double number) {
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            return Double.toString(number); // NaN, Infinity, -Infinity
        }
        try {
            return NumberToJSON.serializeNumber(number);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string escaped as RFC 8785 does ({@link Digests#appendString}). */
    static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        Digests.appendString(out, text);
        return out.toString();
    }
}
