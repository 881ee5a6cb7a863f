package io.provenant.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.erdtman.jcs.JsonCanonicalizer;
import org.erdtman.jcs.NumberToJSON;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Content digests: sha256 (lowercase hex) of the RFC 8785 canonical JSON form of what was registered,
 * after dropping null values and empty lists, so an absent optional field and an explicit null digest alike.
 */
public final class Digests {

    /** 2^53: every integer up to it is exactly a double, so canonical JSON holds it exactly. */
    static final long MAX_EXACT = 1L << 53;

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
        return sha256(normalizedPrompt(prompt));
    }

    /**
     * The text {@link #promptDigest} hashes. White space is what {@code \s} of {@link java.util.regex.Pattern} matches
     * (space, tab, line feed, vertical tab, form feed, carriage return), collapsed by a loop rather than
     * {@code replaceAll("\\s+", " ")}, which compiled the expression again for each prompt, twice per feedback event
     * (the journal row and the graph node); the trimming is {@link String#strip}'s. DigestsTest compares the two.
     */
    static String normalizedPrompt(String prompt) {
        String text = Normalizer.normalize(prompt, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder collapsed = new StringBuilder(text.length());
        boolean inRun = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean space = c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
            if (!space) {
                collapsed.append(c);
            } else if (!inRun) {
                collapsed.append(' ');
            }
            inRun = space;
        }
        return collapsed.toString().strip();
    }

    /**
     * What makes two labels judgments of the same item besides the prompt: sha256 of the response text as
     * given, or for a preference pair of {@code response + U+0000 + alternativeResponse}.
     */
    public static String responseDigest(String response, String alternativeResponse) {
        return sha256(alternativeResponse == null ? response : response + '\u0000' + alternativeResponse);
    }

    /**
     * The canonical JSON text (RFC 8785) of a tree, leaving out null values and arrays or objects left empty
     * (recursively: an object whose every field is so is left out too; array elements are kept). Written straight
     * from the tree: keys sorted by UTF-16 code units, strings escaped as ECMAScript's JSON.stringify does and numbers
     * as IEEE 754 doubles in its shortest form, exactly what the RFC's reference canonicalizer ({@link JsonCanonicalizer})
     * writes for the tree's JSON text (DigestsTest compares the two), without writing and parsing that text (about a
     * seventh of the app's CPU during ingest, bench).
     */
    public static String canonicalJson(JsonNode tree) {
        StringBuilder out = new StringBuilder(256);
        write(out, tree);
        return out.toString();
    }

    private static void write(StringBuilder out, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(out, node);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(out, node.get(i));
                }
                out.append(']');
            }
            case STRING -> appendString(out, node.textValue());
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            case NUMBER -> out.append(number(node));
            default -> {
                // binary, POJO: what the reference canonicalizer makes of their JSON text (canonical forms compose)
                try {
                    out.append(new JsonCanonicalizer(node.toString()).getEncodedString());
                } catch (IOException e) {
                    throw new IllegalArgumentException("Not canonicalizable JSON.", e);
                }
            }
        }
    }

    /** Writes an object's kept fields; returns false (having written only "{}") when none is kept. */
    private static boolean writeObject(StringBuilder out, JsonNode object) {
        List<String> names = new ArrayList<>(object.size());
        object.fieldNames().forEachRemaining(names::add);
        Collections.sort(names);
        out.append('{');
        boolean any = false;
        for (String name : names) {
            JsonNode value = object.get(name);
            if (value.isNull() || (value.isArray() && value.isEmpty())) {
                continue;
            }
            int mark = out.length();
            if (any) {
                out.append(',');
            }
            appendString(out, name);
            out.append(':');
            if (!value.isObject()) {
                write(out, value);
            } else if (!writeObject(out, value)) {
                out.setLength(mark); // an object left empty is left out, with its key
                continue;
            }
            any = true;
        }
        out.append('}');
        return any;
    }

    /**
     * A number as the reference canonicalizer reads it (a double parsed from its JSON text) and writes it; NaN and the
     * infinities as the strings Jackson writes for them.
     */
    private static String number(JsonNode number) {
        if (number.isInt() || (number.isLong() && number.longValue() >= -MAX_EXACT && number.longValue() <= MAX_EXACT)) {
            return Long.toString(number.longValue()); // exactly a double, written as ECMAScript writes integers below 1e21
        }
        double value = number.isDouble() ? number.doubleValue() : Double.parseDouble(number.isFloat()
                ? Float.toString(number.floatValue()) : number.asText());
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            StringBuilder text = new StringBuilder(); // Jackson writes these as strings (WRITE_NAN_AS_STRINGS)
            appendString(text, Double.toString(value));
            return text.toString();
        }
        try {
            return NumberToJSON.serializeNumber(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not canonicalizable JSON.", e);
        }
    }

    /** A JSON string escaped as RFC 8785 does: only {@code "}, {@code \} and control characters (U+0000 to U+001F). */
    public static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
