package io.provenant.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Digests.canonicalJson writes the canonical form straight from the tree; it must be byte for byte what the RFC 8785
 * reference canonicalizer makes of the pruned tree's JSON text, which is how every digest and chain hash in existing
 * journals was computed.
 */
class DigestsTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The former implementation: prune a copy, write it as JSON text, canonicalize that text. */
    private static String reference(JsonNode tree) throws IOException {
        return new JsonCanonicalizer(prune(tree.deepCopy()).toString()).getEncodedString();
    }

    private static JsonNode prune(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                JsonNode value = prune(fields.next().getValue());
                if (value.isNull() || (value.isContainerNode() && value.isEmpty())) {
                    fields.remove();
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(DigestsTest::prune);
        }
        return node;
    }

    @Test
    void fixedCasesMatchTheReference() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        String[] cases = {
            "{}", "[]", "{\"a\":null}", "{\"a\":[]}", "{\"a\":{}}", "{\"a\":{\"b\":null,\"c\":{}}}", "[null,{},[],{\"a\":null}]",
            "{\"b\":1,\"a\":2,\"aa\":3,\"A\":4,\"\":5}", "{\"\\ue000\":1,\"\\ud83d\\ude00\":2,\"\\u00e9\":3,\"z\":4}",
            "{\"s\":\"tab\\t nl\\n cr\\r bs\\b ff\\f quote\\\" slash\\\\ solidus/ nul\\u0000 us\\u001f del\\u007f \\u2028 \\ud83d\\ude00\"}",
            "[0,-0.0,1,-1,0.1,1e21,1e20,123456789012345678901234567890,1.5e-7,1e-6,9007199254740993,9007199254740992,-9007199254740992,9007199254740991,9007199254740994,-9223372036854775808,"
                    + "3.141592653589793,2.5E+3,1E400,5e-324]",
            "{\"nested\":{\"deeper\":{\"deepest\":[{\"x\":null},{\"y\":[]},true,false,\"\"]}},\"n\":null}",
        };
        for (String json : cases) {
            JsonNode tree = mapper.readTree(json);
            assertEquals(reference(tree), Digests.canonicalJson(tree), json);
        }
        ObjectNode special = NODES.objectNode();
        special.put("nan", Double.NaN).put("inf", Double.POSITIVE_INFINITY).put("ninf", Double.NEGATIVE_INFINITY)
                .put("f", 0.1f).put("fnan", Float.NaN).put("dec", new BigDecimal("1E+3")).put("big", new BigInteger("123456789012345678901234567890"))
                .put("negzero", -0.0).put("long", Long.MAX_VALUE).put("short", (short) 7);
        assertEquals(reference(special), Digests.canonicalJson(special));
        // the input tree is left as it was (the reference pruned a copy)
        JsonNode withNull = mapper.readTree("{\"a\":null,\"b\":{}}");
        Digests.canonicalJson(withNull);
        assertEquals("{\"a\":null,\"b\":{}}", withNull.toString());
    }

    @Test
    void randomTreesMatchTheReference() throws IOException {
        Random random = new Random(8785);
        for (int i = 0; i < 20_000; i++) {
            JsonNode tree = random.nextInt(10) == 0 ? array(random, 0) : object(random, 0);
            String expected = reference(tree);
            assertEquals(expected, Digests.canonicalJson(tree), () -> "tree " + tree);
        }
    }

    /** The former normalization of prompts (NFKC, lower case, {@code replaceAll("\\s+", " ")}, strip). */
    private static String referencePrompt(String prompt) {
        return java.text.Normalizer.normalize(prompt, java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("\\s+", " ").strip();
    }

    @Test
    void promptsAreNormalizedAsBefore() {
        // ASCII white space collapses; other Unicode spaces are NFKC'd (U+00A0, U+3000 become a space) or only stripped at the ends
        String[] fixed = {"", " ", "What is  2+2?\n", "\t\u000b\f\r\n a \r\n\tb  ", "a\u00a0\u00a0b", "\u3000x\u3000", "x\u2028\u2028y",
            "\u2028 x \u2029", "\u0085a\u0085", "\u200bz\u200b", "\ufb01 \u2460 \u212b", "\u0130\u03a3"};
        for (String prompt : fixed) {
            assertEquals(referencePrompt(prompt), Digests.normalizedPrompt(prompt), () -> "prompt " + prompt.codePoints().boxed().toList());
        }
        assertEquals("what is 2+2?", Digests.normalizedPrompt("What is  2+2?\n"));
        Random random = new Random(2002);
        String alphabet = " \t\n\u000b\f\r\u00a0\u1680\u2000\u2007\u2028\u2029\u202f\u205f\u3000\u0085\u200b\ufeffaZ\u00c5\u0130\ufb01";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder prompt = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                prompt.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = prompt.toString();
            assertEquals(referencePrompt(text), Digests.normalizedPrompt(text), () -> "prompt " + text.chars().boxed().toList());
        }
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode object = NODES.objectNode();
        int fields = random.nextInt(depth == 0 ? 8 : 5);
        for (int i = 0; i < fields; i++) {
            object.set(text(random, 4), value(random, depth + 1));
        }
        return object;
    }

    private static ArrayNode array(Random random, int depth) {
        ArrayNode array = NODES.arrayNode();
        int elements = random.nextInt(5);
        for (int i = 0; i < elements; i++) {
            array.add(value(random, depth + 1));
        }
        return array;
    }

    private static JsonNode value(Random random, int depth) {
        int pick = random.nextInt(depth > 4 ? 10 : 13);
        return switch (pick) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt());
            case 3 -> NODES.numberNode(random.nextLong() >> random.nextInt(64));
            case 4 -> NODES.numberNode(Double.longBitsToDouble(random.nextLong()));
            case 5 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(60) - 30));
            case 6 -> NODES.numberNode(new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(40) - 20));
            case 7 -> NODES.numberNode(random.nextFloat() * 1000);
            case 8, 9 -> NODES.textNode(text(random, 12));
            case 10 -> object(random, depth);
            case 11 -> array(random, depth);
            default -> random.nextBoolean() ? NODES.objectNode() : NODES.arrayNode();
        };
    }

    /** Text over ASCII, control characters, escapes, Latin-1, private use, and surrogate pairs (key order by UTF-16 units). */
    private static String text(Random random, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(7)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1 -> text.append("\"\\/".charAt(random.nextInt(3)));
                case 2 -> text.append((char) (0xa0 + random.nextInt(0x60)));
                case 3 -> text.append((char) (0xe000 + random.nextInt(0x100)));
                case 4 -> text.appendCodePoint(0x1f600 + random.nextInt(0x50));
                default -> text.append((char) ('a' + random.nextInt(4)));
            }
        }
        return text.toString();
    }
}
