package io.provenant.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

import org.erdtman.jcs.JsonCanonicalizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Content digests: sha256 (lowercase hex) of the RFC 8785 canonical JSON form of what was registered,
 * after dropping null values and empty lists, so an absent optional field and an explicit null digest alike.
 */
public final class Digests {

    private Digests() {
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM.", e);
        }
    }

    /**
     * The digest contamination checks compare prompts by: sha256 of the prompt after Unicode NFKC
     * normalization, lower-casing (root locale) and collapsing every run of white space to one space, trimmed.
     * So "What is  2+2?" and "what is 2+2?\n" leak into each other; paraphrases do not.
     */
    public static String promptDigest(String prompt) {
        String normalized = java.text.Normalizer.normalize(prompt, java.text.Normalizer.Form.NFKC)
                .toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").strip();
        return sha256(normalized);
    }

    /**
     * What makes two labels judgments of the same item besides the prompt: sha256 of the response text as
     * given, or for a preference pair of {@code response + U+0000 + alternativeResponse}.
     */
    public static String responseDigest(String response, String alternativeResponse) {
        return sha256(alternativeResponse == null ? response : response + '\u0000' + alternativeResponse);
    }

    /** The canonical JSON text (RFC 8785) of a tree, after {@link #prune}. */
    public static String canonicalJson(JsonNode tree) {
        try {
            return new JsonCanonicalizer(prune(tree.deepCopy()).toString()).getEncodedString();
        } catch (IOException e) {
            throw new IllegalArgumentException("Not canonicalizable JSON.", e);
        }
    }

    /** Removes null values and empty arrays/objects, recursively. */
    static JsonNode prune(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = prune(field.getValue());
                if (value.isNull() || (value.isContainerNode() && value.isEmpty())) {
                    fields.remove();
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                prune(array.get(i));
            }
        }
        return node;
    }
}
