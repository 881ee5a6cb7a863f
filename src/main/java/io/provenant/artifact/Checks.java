package io.provenant.artifact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.provenant.api.ProvenantError;

/** Input checks that name the field and the reason. */
public final class Checks {

    /**
     * The field a Jackson binding failed at, as this API names fields ({@code decoder.seed}, {@code criteria[2].name}),
     * relative to the object being bound; empty when the failure is the object itself.
     */
    public static String field(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    public static final int MAX_TEXT = 1_000_000;
    public static final int MAX_NAME = 500;

    private Checks() {
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw ProvenantError.invalid(field, "is required.");
        }
        return value;
    }

    /** A non-blank string of at most {@code max} characters. */
    public static String text(String field, String value, int max) {
        required(field, value);
        if (value.isBlank()) {
            throw ProvenantError.invalid(field, "must not be blank.");
        }
        if (value.length() > max) {
            throw ProvenantError.invalid(field, "is " + value.length() + " characters long; at most " + max + " are allowed.");
        }
        if (value.indexOf('\u0000') >= 0) {
            // PostgreSQL text cannot hold U+0000: refused here, not as a "System error" from the store.
            throw ProvenantError.invalid(field, "contains a NUL character (U+0000), which is not allowed.");
        }
        return value;
    }

    /** Like {@link #text} but may be absent. */
    public static String optionalText(String field, String value, int max) {
        return value == null ? null : text(field, value, max);
    }

    public static ArtifactRef ref(String field, String value, Kind kind) {
        return ArtifactRef.parse(field, value, kind);
    }

    public static ArtifactRef optionalRef(String field, String value, Kind kind) {
        return value == null ? null : ref(field, value, kind);
    }

    /** A list of refs of one kind, each named {@code field[i]}, without duplicates. */
    public static List<ArtifactRef> refs(String field, Collection<String> values, Kind kind, int min) {
        List<String> list = values == null ? List.of() : List.copyOf(values);
        if (list.size() < min) {
            throw ProvenantError.invalid(field, "needs at least " + min + " ref" + (min == 1 ? "" : "s") + "; got " + list.size() + ".");
        }
        List<ArtifactRef> refs = new ArrayList<>(list.size());
        Set<ArtifactRef> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            ArtifactRef ref = ref(field + "[" + i + "]", list.get(i), kind);
            if (!seen.add(ref)) {
                throw ProvenantError.invalid(field + "[" + i + "]", "'" + ref + "' is listed twice.");
            }
            refs.add(ref);
        }
        return refs;
    }

    public static void range(String field, Number value, double min, double max) {
        if (value != null && (value.doubleValue() < min || value.doubleValue() > max || Double.isNaN(value.doubleValue()))) {
            throw ProvenantError.invalid(field, "is " + value + "; it must be between " + number(min) + " and " + number(max) + ".");
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** The common part of every registration: key, version and project. */
    public static ArtifactRef identity(Kind kind, RegistrationInput input) {
        ArtifactRef ref = ArtifactRef.of(kind, null, input.key(), input.version());
        project(input.project());
        return ref;
    }

    public static String project(String project) {
        text("project", project, 200);
        if (!ArtifactRef.validKey(project)) {
            throw ProvenantError.invalid("project", "'" + project + "' must match " + ArtifactRef.KEY.pattern() + ".");
        }
        return project;
    }

    public static void links(List<Link> links, String field, Collection<ArtifactRef> targets, EdgeType type) {
        for (ArtifactRef target : targets) {
            links.add(new Link(field, type, target));
        }
    }

    public static void link(List<Link> links, String field, ArtifactRef target, EdgeType type) {
        if (target != null) {
            links.add(new Link(field, type, target));
        }
    }
}
