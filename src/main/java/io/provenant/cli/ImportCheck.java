package io.provenant.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.provenant.api.ProvenantError;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.Checks;
import io.provenant.artifact.EvaluateGateInput;
import io.provenant.artifact.FeedbackEventInput;
import io.provenant.artifact.Kind;
import io.provenant.artifact.Link;
import io.provenant.artifact.RegistrationInput;

/**
 * The dry run's local checks, by the server's own code: each item is read into the server's input record (unknown
 * fields and wrong types are errors) and validated as the server validates it ({@link RegistrationInput#validate});
 * then, across the file, every ref it names must be registered by an earlier line or already exist on the server
 * (listed as external), never only by a later line, and a ref registered twice must have the same content. Checks that
 * need the registered targets (e.g. a rubric's label schema) are left to the server.
 */
final class ImportCheck {

    private static final ObjectMapper READER = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private record Definition(long line, int contentHash) {
    }

    private record Use(long line, String field) {
    }

    private final Map<String, Definition> defined = new HashMap<>();
    private final Map<String, Use> firstUse = new LinkedHashMap<>();

    /** Checks one item; throws {@link ImportLine.Invalid} naming its line and field. */
    void check(ImportLine.Item item) {
        try {
            if (item instanceof ImportLine.Feedback f) {
                registration(item, FeedbackEventInput.class, f.event());
                return;
            }
            ImportLine.Call c = (ImportLine.Call) item;
            if (c.mutation().equals("addDatasetMembers")) {
                use(item, "dataset", ArtifactRef.parse("dataset", c.arguments().get("dataset").value().asText(), Kind.DATASET));
                JsonNode members = c.arguments().get("members").value();
                for (int i = 0; i < members.size(); i++) {
                    use(item, "members[" + i + "]", ArtifactRef.parse("members[" + i + "]", members.get(i).asText()));
                }
            } else if (c.mutation().equals("sealDataset")) {
                use(item, "dataset", ArtifactRef.parse("dataset", c.arguments().get("dataset").value().asText(), Kind.DATASET));
            } else {
                registration(item, inputClass(c.kind()), c.arguments().get("input").value());
            }
        } catch (ProvenantError e) {
            throw new ImportLine.Invalid(item.line(), path(item, e.field()), reason(e));
        }
    }

    /** After the last line: refs used before the line that registers them. */
    List<ImportLine.Invalid> orderProblems() {
        List<ImportLine.Invalid> problems = new ArrayList<>();
        firstUse.forEach((ref, use) -> {
            Definition definition = defined.get(ref);
            if (definition != null && definition.line() > use.line()) {
                problems.add(new ImportLine.Invalid(use.line(), use.field(), "'" + ref + "' is registered only on line "
                        + definition.line() + ", after this line: move that line before this one."));
            }
        });
        return problems;
    }

    /** Refs named but registered by no line of the file: they must exist on the server already. */
    List<String> externalRefs() {
        return firstUse.keySet().stream().filter(ref -> !defined.containsKey(ref)).sorted().collect(Collectors.toList());
    }

    private void registration(ImportLine.Item item, Class<?> type, JsonNode input) {
        Object value;
        try {
            value = READER.treeToValue(input, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ImportLine.Invalid(item.line(), path(item, Checks.field(e)), "unknown field; " + type.getSimpleName()
                    + (e.getPath().size() > 1 ? "" : " has " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", "))) + ".");
        } catch (JsonMappingException e) {
            throw new ImportLine.Invalid(item.line(), path(item, Checks.field(e)), "wrong type: " + e.getOriginalMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ImportLine.Invalid(item.line(), path(item, null), e.getOriginalMessage());
        }
        if (value instanceof RegistrationInput registration) {
            ArtifactRef ref = registration.ref();
            registration.validate();
            for (Link link : registration.links()) {
                use(item, link.field(), link.target());
            }
            define(item, ref, input);
        } else if (value instanceof EvaluateGateInput gate) {
            define(item, ArtifactRef.of(Kind.GATE, null, gate.key(), gate.version()), input);
            use(item, "checkpoint", ArtifactRef.parse("checkpoint", gate.checkpoint(), Kind.CHECKPOINT));
            use(item, "gatePolicy", ArtifactRef.parse("gatePolicy", gate.gatePolicy(), Kind.GATE_POLICY));
            use(item, "requestedBy", ArtifactRef.parse("requestedBy", gate.requestedBy(), Kind.REVIEWER));
        }
    }

    private void define(ImportLine.Item item, ArtifactRef ref, JsonNode content) {
        String text = ref.toString();
        Definition earlier = defined.putIfAbsent(text, new Definition(item.line(), content.hashCode()));
        if (earlier != null && earlier.contentHash() != content.hashCode()) {
            throw new ImportLine.Invalid(item.line(), path(item, "key"), "'" + text + "' is registered on line " + earlier.line()
                    + " with other content: artifacts are immutable, register a new version instead.");
        }
    }

    private void use(ImportLine.Item item, String field, ArtifactRef target) {
        firstUse.putIfAbsent(target.toString(), new Use(item.line(), path(item, field)));
    }

    private static Class<?> inputClass(Kind kind) {
        String name = kind == Kind.GATE ? "EvaluateGateInput" : kind.label() + "Input";
        try {
            return Class.forName("io.provenant.artifact." + name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no input record " + name + " for kind " + kind.id(), e);
        }
    }

    private static String path(ImportLine.Item item, String field) {
        if (item.within().isEmpty()) {
            return field;
        }
        return field == null || field.isEmpty() ? item.within() : item.within() + "." + field;
    }

    private static String reason(ProvenantError e) {
        String message = e.getMessage();
        return e.field() != null && message.startsWith(e.field() + ": ") ? message.substring(e.field().length() + 2) : message;
    }
}
