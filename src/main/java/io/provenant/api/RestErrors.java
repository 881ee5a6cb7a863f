package io.provenant.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Business errors of the REST endpoints ({@code /api/v1/...}) as JSON: the HTTP status, the stable {@code error}
 * code of the GraphQL extensions, the {@code field} at fault and the message, plus {@code errors: [message]} as
 * Marquez writes its validation errors, so OpenLineage clients show it.
 */
public final class RestErrors {

    private RestErrors() {
    }

    /** {@code invalidStatus}: 422 where Marquez answers 422 (OpenLineage events), else 400. */
    public static Response of(ProvenantError e, int invalidStatus) {
        String code;
        int status;
        if (e instanceof ProvenantError.InvalidInput) {
            code = "INVALID_INPUT";
            status = invalidStatus;
        } else if (e instanceof ProvenantError.NotFound) {
            code = "NOT_FOUND";
            status = invalidStatus == 422 ? 422 : 404;
        } else if (e instanceof ProvenantError.Conflict) {
            code = "CONFLICT";
            status = 409;
        } else if (e instanceof ProvenantError.Forbidden) {
            code = "FORBIDDEN";
            status = 403;
        } else if (e instanceof ProvenantError.Unauthenticated) {
            code = "UNAUTHENTICATED";
            status = 401;
        } else {
            code = "UNAVAILABLE";
            status = 503;
        }
        return body(status, code, e.field(), e.getMessage());
    }

    public static Response body(int status, String code, String field, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("code", status);
        body.put("error", code);
        if (field != null) {
            body.put("field", field);
        }
        body.put("message", message);
        body.putArray("errors").add(message);
        // Written as text: the REST layer has no JSON provider (quarkus-rest without Jackson).
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body.toString()).build();
    }
}
