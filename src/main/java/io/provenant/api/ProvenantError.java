package io.provenant.api;

import io.smallrye.graphql.api.ErrorCode;

/**
 * The one exception family for business errors. Each subclass carries a stable GraphQL
 * {@code extensions.code}; {@code extensions.field} names the input field at fault, when there is one.
 * The message is shown to the caller, so it never contains internals.
 */
public abstract sealed class ProvenantError extends RuntimeException
        permits ProvenantError.InvalidInput, ProvenantError.NotFound, ProvenantError.Conflict,
        ProvenantError.Unavailable, ProvenantError.Forbidden, ProvenantError.Unauthenticated {

    private final String field;
    private final String reason;

    private ProvenantError(String field, String reason, Throwable cause) {
        // Echoed input shows its control and bidi characters escaped, and is cut at DisplayText.MAX_LENGTH (idempotent).
        super(field == null ? DisplayText.of(reason) : field + ": " + DisplayText.of(reason), cause, false, false);
        this.field = field;
        this.reason = DisplayText.of(reason);
    }

    /** The input field at fault (a path such as {@code events[3].rubric}), or null. */
    public String field() {
        return field;
    }

    /** Why the field is wrong, without the field's name. */
    public String reason() {
        return reason;
    }

    /** The same error about {@code prefix.field} (e.g. {@code input.}); prefixes once, never wraps. */
    public abstract ProvenantError under(String prefix);

    /**
     * The same error about another field: for an API that maps its input onto a registration (OpenLineage events),
     * to name the field in the caller's terms. Never wraps.
     */
    public abstract ProvenantError at(String otherField);

    String prefixed(String prefix) {
        return field == null ? prefix : prefix + (field.startsWith("[") ? "" : ".") + field;
    }

    public static InvalidInput invalid(String field, String message) {
        return new InvalidInput(field, message);
    }

    public static NotFound notFound(String field, String ref) {
        return new NotFound(field, "Artifact '" + ref + "' not found.");
    }

    public static NotFound notFoundAsOf(String field, String ref, String asOf, String registeredAt) {
        return new NotFound(field, "Artifact '" + ref + "' did not exist as of " + asOf + " (registered at " + registeredAt + ").");
    }

    public static Conflict conflict(String field, String message) {
        return new Conflict(field, message);
    }

    public static Forbidden forbidden(String field, String message) {
        return new Forbidden(field, message);
    }

    public static Unauthenticated unauthenticated(String message) {
        return new Unauthenticated(message);
    }

    public static Unavailable unavailable(String message, Throwable cause) {
        return new Unavailable(message, cause);
    }

    @ErrorCode("INVALID_INPUT")
    public static final class InvalidInput extends ProvenantError {
        InvalidInput(String field, String reason) {
            super(field, reason, null);
        }

        @Override
        public InvalidInput under(String prefix) {
            return new InvalidInput(prefixed(prefix), super.reason);
        }

        @Override
        public InvalidInput at(String otherField) {
            return new InvalidInput(otherField, super.reason);
        }
    }

    @ErrorCode("NOT_FOUND")
    public static final class NotFound extends ProvenantError {
        NotFound(String field, String reason) {
            super(field, reason, null);
        }

        @Override
        public NotFound under(String prefix) {
            return new NotFound(prefixed(prefix), super.reason);
        }

        @Override
        public NotFound at(String otherField) {
            return new NotFound(otherField, super.reason);
        }
    }

    @ErrorCode("CONFLICT")
    public static final class Conflict extends ProvenantError {
        Conflict(String field, String reason) {
            super(field, reason, null);
        }

        @Override
        public Conflict under(String prefix) {
            return new Conflict(prefixed(prefix), super.reason);
        }

        @Override
        public Conflict at(String otherField) {
            return new Conflict(otherField, super.reason);
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

        @Override
        public Unavailable at(String otherField) {
            return this;
        }
    }

    @ErrorCode("FORBIDDEN")
    public static final class Forbidden extends ProvenantError {
        Forbidden(String field, String reason) {
            super(field, reason, null);
        }

        @Override
        public Forbidden under(String prefix) {
            return new Forbidden(prefixed(prefix), super.reason);
        }

        @Override
        public Forbidden at(String otherField) {
            return new Forbidden(otherField, super.reason);
        }
    }

    @ErrorCode("UNAUTHENTICATED")
    public static final class Unauthenticated extends ProvenantError {
        Unauthenticated(String reason) {
            super(null, reason, null);
        }

        @Override
        public Unauthenticated under(String prefix) {
            return this;
        }

        @Override
        public Unauthenticated at(String otherField) {
            return this;
        }
    }
}
