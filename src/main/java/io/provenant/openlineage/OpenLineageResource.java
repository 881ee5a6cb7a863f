package io.provenant.openlineage;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.provenant.api.ProvenantError;
import io.provenant.api.RestErrors;

/**
 * OpenLineage's HTTP transport target, at Marquez's path: {@code POST /api/v1/lineage} with one run event. 201 when
 * recorded (also for an identical retry, as Marquez; {@code recorded: false} then says nothing new was written),
 * 400 for a body that is not JSON, 422 for an event that is not valid or names artifacts that are not registered,
 * 409 for a conflict, 503 when PostgreSQL is unavailable. Nothing is written by a refused event.
 */
@Path("/api/v1/lineage")
public class OpenLineageResource {

    @Inject
    OpenLineageEvents events;

    @Inject
    ObjectMapper mapper;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        JsonNode event;
        try {
            event = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return RestErrors.body(400, "INVALID_INPUT", null, "Unable to process JSON: " + e.getOriginalMessage());
        }
        if (event == null) {
            return RestErrors.body(400, "INVALID_INPUT", null, "Unable to process JSON: the body is empty.");
        }
        try {
            // Written as text: the REST layer has no JSON provider (quarkus-rest without Jackson).
            return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON)
                    .entity(mapper.writeValueAsString(events.record(event))).build();
        } catch (ProvenantError e) {
            return RestErrors.of(e, 422);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the answer: " + e.getMessage(), e);
        }
    }
}
