package io.provenant.journal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The journal's export format, one JSON object per line (JSONL): {@code seq, recordedAt} (ISO-8601 UTC),
 * {@code actor, project, operation, ref, payloadDigest, prevHash, entryHash} and {@code payload}, the canonical
 * payload as a JSON string holding exactly the bytes its digest covers.
 */
public final class JournalLines {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JournalLines() {
    }

    public static String toLine(JournalVerifier.Row row) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("seq", row.seq());
        line.put("recordedAt", DateTimeFormatter.ISO_INSTANT.format(row.recordedAt()));
        line.put("actor", row.actor());
        line.put("project", row.project());
        line.put("operation", row.operation());
        line.put("ref", row.ref());
        line.put("payloadDigest", row.payloadDigest());
        line.put("prevHash", row.prevHash());
        line.put("entryHash", row.entryHash());
        line.put("payload", row.payload());
        return line.toString();
    }

    /** Parses one line; {@code lineNumber} names it in the error. */
    public static JournalVerifier.Row fromLine(String text, long lineNumber) {
        try {
            JsonNode line = MAPPER.readTree(text);
            return new JournalVerifier.Row(line.path("seq").asLong(-1), Instant.parse(line.path("recordedAt").asText()),
                    text(line, "actor"), text(line, "project"), text(line, "operation"), text(line, "ref"), text(line, "payload"),
                    text(line, "payloadDigest"), text(line, "prevHash"), text(line, "entryHash"));
        } catch (JsonProcessingException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("line " + lineNumber + " is not a journal entry: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
