package io.provenant.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A {@link ProvenantError} thrown by a REST endpoint is answered as {@link RestErrors} writes it. */
@Provider
public class ProvenantErrorMapper implements ExceptionMapper<ProvenantError> {

    @Override
    public Response toResponse(ProvenantError error) {
        return RestErrors.of(error, 400);
    }
}
