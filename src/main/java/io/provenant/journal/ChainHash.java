package io.provenant.journal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.provenant.artifact.Digests;

/**
 * The journal's hash chain: {@code entry_hash = sha256(canonical JSON of {seq, recordedAt, actor, project,
 * operation, ref, payloadDigest, prevHash})}, with recordedAt as ISO-8601 UTC (microseconds at most) and
 * prevHash of the first entry 64 zeros. Anyone can recompute it from an exported journal.
 */
public final class ChainHash {

    public static final String GENESIS = "0".repeat(64);

    private ChainHash() {
    }

    public static String of(long seq, Instant recordedAt, String actor, String project, String operation, String ref,
            String payloadDigest, String prevHash) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("seq", seq);
        node.put("recordedAt", DateTimeFormatter.ISO_INSTANT.format(recordedAt));
        node.put("actor", actor);
        node.put("project", project);
        node.put("operation", operation);
        node.put("ref", ref);
        node.put("payloadDigest", payloadDigest);
        node.put("prevHash", prevHash);
        return Digests.sha256(Digests.canonicalJson(node));
    }
}
