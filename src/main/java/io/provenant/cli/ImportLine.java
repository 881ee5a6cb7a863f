package io.provenant.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.provenant.artifact.Kind;

/**
 * One line of an import file, read into what is sent: feedback events (batched into recordFeedback calls) and
 * calls (one register… mutation, evaluateGate, addDatasetMembers or sealDataset each). Two spellings are accepted:
 * <ul>
 * <li>{@code {"kind": "feedback", "key": …, …}}: one artifact, its registration input's fields beside its kind (as in
 * refs: {@code policy}, {@code training-run}, {@code gate} for evaluateGate, …); {@code {"kind": …, "input": {…}}} too;</li>
 * <li>{@code {"mutation": "registerPolicy", "input": {…}}}, {@code {"mutation": "recordFeedback", "events": [...]}},
 * {@code {"mutation": "addDatasetMembers", "dataset": …, "members": [...]}}, {@code {"mutation": "sealDataset",
 * "dataset": …}}: the bench generator's {@code --jsonl} output.</li>
 * </ul>
 */
final class ImportLine {

    /** A line that cannot be sent: its number, the field at fault (relative to the line) and why. */
    static final class Invalid extends RuntimeException {
        final long line;
        final String field;

        Invalid(long line, String field, String reason) {
            super(reason);
            this.line = line;
            this.field = field;
        }

        String describe() {
            return "line " + line + (field == null || field.isEmpty() ? "" : ", field " + field) + ": " + getMessage();
        }
    }

    /** Something to send, with where it came from: its line and its path inside the line ({@code events[3]}, or ""). */
    sealed interface Item permits Feedback, Call {
        long line();

        String within();

        /** Whether it is the last item of its line (then the line is done once it is acknowledged). */
        boolean lastOfLine();
    }

    /** A feedback event for recordFeedback. */
    record Feedback(long line, String within, boolean lastOfLine, ObjectNode event) implements Item {
    }

    /** One mutation call: its root field, arguments (name → GraphQL type and value) and what to select. */
    record Call(long line, String within, boolean lastOfLine, String mutation, Kind kind, Map<String, Argument> arguments,
            String selection) implements Item {
    }

    record Argument(String type, JsonNode value) {
    }

    private ImportLine() {
    }

    /** The mutation registering a kind and its input type, e.g. policy → registerPolicy(PolicyInput). */
    static String mutationOf(Kind kind) {
        return switch (kind) {
            case FEEDBACK -> "recordFeedback";
            case GATE -> "evaluateGate";
            default -> "register" + kind.label();
        };
    }

    static String inputTypeOf(Kind kind) {
        return kind == Kind.GATE ? "EvaluateGateInput" : kind.label() + "Input";
    }

    static Kind kindOfMutation(String mutation) {
        for (Kind kind : Kind.values()) {
            if (kind != Kind.FEEDBACK && mutationOf(kind).equals(mutation)) {
                return kind;
            }
        }
        return null;
    }

    /** Parses a non-blank line into its items (in order); throws {@link Invalid}. */
    static List<Item> parse(long line, String text) {
        JsonNode node;
        try {
            node = ApiClient.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Invalid(line, null, "not JSON: " + e.getOriginalMessage() + " (column " + e.getLocation().getColumnNr() + ").");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new Invalid(line, null, "must be one JSON object, not " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
        }
        if (object.has("kind")) {
            return List.of(byKind(line, object));
        }
        if (object.has("mutation")) {
            return byMutation(line, object);
        }
        throw new Invalid(line, null, "names neither \"kind\" (one artifact, e.g. {\"kind\": \"feedback\", \"key\": …}) nor"
                + " \"mutation\" (e.g. {\"mutation\": \"recordFeedback\", \"events\": [...]}).");
    }

    private static Item byKind(long line, ObjectNode object) {
        Kind kind = kind(line, object.get("kind"));
        ObjectNode input;
        if (object.size() == 2 && object.get("input") instanceof ObjectNode nested) {
            input = nested.deepCopy();
        } else {
            input = object.deepCopy();
            input.remove("kind");
        }
        if (kind == Kind.FEEDBACK) {
            return new Feedback(line, "", true, input);
        }
        return register(line, "", true, kind, input);
    }

    private static Kind kind(long line, JsonNode value) {
        if (value == null || !value.isTextual()) {
            throw new Invalid(line, "kind", "must be a string such as \"feedback\" or \"training-run\".");
        }
        try {
            return Kind.fromId("kind", value.asText());
        } catch (RuntimeException e) {
            throw new Invalid(line, "kind", "unknown kind '" + value.asText() + "'; expected one of "
                    + String.join(", ", java.util.Arrays.stream(Kind.values()).map(Kind::id).toList()) + ".");
        }
    }

    private static Call register(long line, String within, boolean last, Kind kind, ObjectNode input) {
        String selection = kind == Kind.GATE ? "{ created report { decision } }" : "{ created }";
        return new Call(line, within, last, mutationOf(kind), kind, Map.of("input", new Argument(inputTypeOf(kind) + "!", input)),
                selection);
    }

    private static List<Item> byMutation(long line, ObjectNode object) {
        String mutation = object.path("mutation").asText();
        switch (mutation) {
            case "recordFeedback" -> {
                JsonNode events = object.get("events");
                if (!(events instanceof ArrayNode array) || array.isEmpty()) {
                    throw new Invalid(line, "events", "must be a non-empty list of feedback events.");
                }
                List<Item> items = new ArrayList<>(array.size());
                for (int i = 0; i < array.size(); i++) {
                    if (!(array.get(i) instanceof ObjectNode event)) {
                        throw new Invalid(line, "events[" + i + "]", "must be an object.");
                    }
                    items.add(new Feedback(line, "events[" + i + "]", i == array.size() - 1, event));
                }
                return items;
            }
            case "addDatasetMembers" -> {
                requireText(line, object, "dataset");
                if (!(object.get("members") instanceof ArrayNode members) || members.isEmpty()) {
                    throw new Invalid(line, "members", "must be a non-empty list of refs.");
                }
                return List.of(new Call(line, "", true, mutation, Kind.DATASET, Map.of(
                        "dataset", new Argument("String!", object.get("dataset")),
                        "members", new Argument("[String!]!", members)), "{ added }"));
            }
            case "sealDataset" -> {
                requireText(line, object, "dataset");
                return List.of(new Call(line, "", true, mutation, Kind.DATASET,
                        Map.of("dataset", new Argument("String!", object.get("dataset"))), "{ ref }"));
            }
            default -> {
                Kind kind = kindOfMutation(mutation);
                if (kind == null) {
                    throw new Invalid(line, "mutation", "'" + mutation + "' is not one the importer sends: register…, evaluateGate,"
                            + " recordFeedback, addDatasetMembers or sealDataset.");
                }
                if (!(object.get("input") instanceof ObjectNode input)) {
                    throw new Invalid(line, "input", "must be the " + inputTypeOf(kind) + " object.");
                }
                return List.of(register(line, "", true, kind, input));
            }
        }
    }

    private static void requireText(long line, ObjectNode object, String field) {
        if (!object.path(field).isTextual()) {
            throw new Invalid(line, field, "must be a ref such as \"dataset:hh-train@1\".");
        }
    }

    /** The names of an object's fields, for messages. */
    static List<String> fieldNames(ObjectNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
