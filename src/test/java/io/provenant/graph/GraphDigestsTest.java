package io.provenant.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.neo4j.driver.Values;

/** The canonical lines of the graph digest are exactly those graph-schema/README.md documents. */
class GraphDigestsTest {

    @Test
    void aNodeLineHasSortedLabelsAndSortedTypedProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("seq", 42L);
        properties.put("ref", "reviewer:alice@1");
        properties.put("threshold", 0.6);
        properties.put("weight", 1.0);
        properties.put("sealed", true);
        properties.put("registeredAt", ZonedDateTime.of(2026, 10, 1, 12, 0, 0, 123_456_000, ZoneId.of("Europe/Paris")));
        properties.put("passedReviewers", List.of("reviewer:alice@1", "reviewer:bob@1"));
        properties.put("title", "Say \"no\"\tthen\\explain\u0001é");
        assertEquals("node [\"Artifact\",\"Reviewer\"] {\"passedReviewers\":[\"reviewer:alice@1\",\"reviewer:bob@1\"],"
                        + "\"ref\":\"reviewer:alice@1\",\"registeredAt\":datetime(\"2026-10-01T10:00:00.123456Z\"),"
                        + "\"sealed\":true,\"seq\":42,\"threshold\":float(0.6),"
                        + "\"title\":\"Say \\\"no\\\"\\tthen\\\\explain\\u0001é\",\"weight\":float(1)}\n",
                GraphDigests.nodeLine(List.of("Reviewer", "Artifact"), Values.value(properties)));
    }

    @Test
    void anEdgeLineNamesItsEndsByRefAndTheCountLineCloses() {
        Map<String, Object> properties = Map.of("field", "reviewer",
                "since", ZonedDateTime.of(2026, 10, 1, 10, 0, 0, 0, ZoneId.of("Z")));
        assertEquals("edge \"feedback:fb-001@1\" \"LABELED_BY\" \"reviewer:alice@1\" {\"field\":\"reviewer\","
                + "\"since\":datetime(\"2026-10-01T10:00:00Z\")}\n",
                GraphDigests.edgeLine("feedback:fb-001@1", "LABELED_BY", "reviewer:alice@1", Values.value(properties)));
        assertEquals("count nodes=3 edges=2\n", GraphDigests.countLine(3, 2));
    }

    @Test
    void numbersAreWrittenAsRfc8785Does() {
        assertEquals("1e+21", GraphDigests.number(1e21));
        assertEquals("0.000001", GraphDigests.number(1e-6));
        assertEquals("1e-7", GraphDigests.number(1e-7));
        assertEquals("-0.5", GraphDigests.number(-0.5));
        assertEquals("NaN", GraphDigests.number(Double.NaN));
        assertEquals("float(0.1)", GraphDigests.value(0.1));
        assertEquals("-7", GraphDigests.value(-7L));
    }
}
