package io.provenant.api;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.smallrye.graphql.api.ErrorCode;

/**
 * REST endpoints answer a {@link ProvenantError} like GraphQL does ({@code errors[0].message},
 * {@code extensions.code}, {@code extensions.field}), with the matching HTTP status.
 */
@Provider
public class ProvenantErrorMapper implements ExceptionMapper<ProvenantError> {

    @Override
    public Response toResponse(ProvenantError error) {
        String code = code(error);
        JsonObjectBuilder extensions = Json.createObjectBuilder().add("code", code);
        if (error.field() != null) {
            extensions.add("field", error.field());
        }
        String body = Json.createObjectBuilder().add("errors", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("message", error.getMessage()).add("extensions", extensions))).build().toString();
        return Response.status(status(code)).type("application/json").entity(body).build();
    }

    public static String code(ProvenantError error) {
        ErrorCode code = error.getClass().getAnnotation(ErrorCode.class);
        return code == null ? "INTERNAL" : code.value();
    }

    static int status(String code) {
        return switch (code) {
            case "INVALID_INPUT" -> 400;
            case "UNAUTHENTICATED" -> 401;
            case "FORBIDDEN" -> 403;
            case "NOT_FOUND" -> 404;
            case "CONFLICT" -> 409;
            case "UNAVAILABLE" -> 503;
            default -> 500;
        };
    }
}
