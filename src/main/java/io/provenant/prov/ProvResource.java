package io.provenant.prov;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.provenant.api.ProvenantError;
import io.provenant.api.RestErrors;
import io.provenant.lineage.LineageDirection;

/**
 * {@code GET /api/v1/prov/{ref}}: the lineage of an artifact as a PROV-JSON document ({@code application/json}),
 * e.g. {@code /api/v1/prov/release:assistant-7b@1?direction=UPSTREAM&maxDepth=10}. A cut lineage is still answered,
 * with {@code Provenant-Truncated: DEPTH_LIMIT, ...} and {@code Provenant-As-Of} headers. 400 for bad arguments, 404
 * for an unknown artifact, 503 when Neo4j is unavailable.
 */
@Path("/api/v1/prov/{ref: .+}")
public class ProvResource {

    @Inject
    ProvExport export;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response prov(@PathParam("ref") String ref, @QueryParam("direction") @DefaultValue("UPSTREAM") String direction,
            @QueryParam("maxDepth") Integer maxDepth, @QueryParam("asOf") String asOf, @QueryParam("maxNodes") Integer maxNodes) {
        try {
            LineageDirection walk;
            try {
                walk = LineageDirection.valueOf(direction);
            } catch (IllegalArgumentException e) {
                throw ProvenantError.invalid("direction", "'" + direction + "' is not one of UPSTREAM, DOWNSTREAM, BOTH.");
            }
            OffsetDateTime instant;
            try {
                instant = asOf == null ? null : OffsetDateTime.parse(asOf);
            } catch (DateTimeParseException e) {
                throw ProvenantError.invalid("asOf", "'" + asOf + "' is not an ISO-8601 date-time with an offset.");
            }
            ProvExport.Export result = export.export(ref, walk, maxDepth, instant, maxNodes);
            Response.ResponseBuilder response = Response.ok(result.document().toString(), MediaType.APPLICATION_JSON).header("Provenant-As-Of", result.asOf().toString());
            if (result.truncated()) {
                response.header("Provenant-Truncated", String.join(", ",
                        result.truncation().stream().map(t -> t.reason().name()).toList()));
            }
            return response.build();
        } catch (ProvenantError e) {
            return RestErrors.of(e, 400);
        }
    }
}
