package io.provenant.api;

import io.smallrye.graphql.api.ErrorCode;

/**
 * The one exception family for business errors. Each subclass carries a stable GraphQL
 * {@code extensions.code}; {@code extensions.field} names the input field at fault, when there is one.
 * The message is shown to the caller, so it never contains internals.
 */
public abstract sealed class ProvenantError extends RuntimeException
        permits ProvenantError.InvalidInput, ProvenantError.NotFound, ProvenantError.Conflict,
        ProvenantError.Unavailable {

    private final String field;

    private ProvenantError(String field, String message, Throwable cause) {
        super(message, cause, false, false);
        this.field = field;
    }

    /** The input field at fault (a path such as {@code events[3].rubric}), or null. */
    public String field() {
        return field;
    }

    /** Prefixes the field path (e.g. {@code input.}) without wrapping twice. */
    public abstract ProvenantError under(String prefix);

    static String at(String field, String message) {
        return field == null ? message : field + ": " + message;
    }

    public static InvalidInput invalid(String field, String message) {
        return new InvalidInput(field, message);
    }

    public static NotFound notFound(String field, String ref) {
        return new NotFound(field, "Artifact '" + ref + "' not found.");
    }

    public static Conflict conflict(String field, String message) {
        return new Conflict(field, message);
    }

    public static Unavailable unavailable(String message, Throwable cause) {
        return new Unavailable(message, cause);
    }

    private static String join(String prefix, String field) {
        return field == null ? prefix : prefix + (field.startsWith("[") ? "" : ".") + field;
    }

    @ErrorCode("INVALID_INPUT")
    public static final class InvalidInput extends ProvenantError {
        private final String reason;

        InvalidInput(String field, String reason) {
            super(field, at(field, reason), null);
            this.reason = reason;
        }

        @Override
        public InvalidInput under(String prefix) {
            return new InvalidInput(join(prefix, field()), reason);
        }
    }

    @ErrorCode("NOT_FOUND")
    public static final class NotFound extends ProvenantError {
        private final String reason;

        NotFound(String field, String reason) {
            super(field, at(field, reason), null);
            this.reason = reason;
        }

        @Override
        public NotFound under(String prefix) {
            return new NotFound(join(prefix, field()), reason);
        }
    }

    @ErrorCode("CONFLICT")
    public static final class Conflict extends ProvenantError {
        private final String reason;

        Conflict(String field, String reason) {
            super(field, at(field, reason), null);
            this.reason = reason;
        }

        @Override
        public Conflict under(String prefix) {
            return new Conflict(join(prefix, field()), reason);
        }
    }

    @ErrorCode("UNAVAILABLE")
    public static final class Unavailable extends ProvenantError {
        Unavailable(String message, Throwable cause) {
            super(null, message, cause);
        }

        @Override
        public Unavailable under(String prefix) {
            return this;
        }
    }
}
