package io.provenant.audit;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.provenant.journal.JournalLines;
import io.provenant.security.Caller;
import io.provenant.security.Role;

/** The journal as JSONL, streamed from one snapshot, for offline verification ({@code bin/provenant-verify}). */
@Path("/audit/journal.jsonl")
public class JournalExportResource {

    @Inject
    Audit audit;

    @Inject
    Caller caller;

    @GET
    @Produces("application/x-ndjson")
    public Response export(@QueryParam("from") @DefaultValue("1") long from, @QueryParam("to") Long to) {
        // The whole journal: an auditor's token scoped to every project (as verifyAudit).
        caller.requireRole("The journal export", Role.AUDITOR);
        caller.requireAllProjects("The journal export");
        if (from < 1 || (to != null && to < from)) {
            return Response.status(Response.Status.BAD_REQUEST).type("text/plain")
                    .entity("from must be >= 1 and to (when given) >= from; got from=" + from + ", to=" + to + "\n").build();
        }
        StreamingOutput body = output -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
            audit.export(from, to, row -> {
                try {
                    writer.write(JournalLines.toLine(row));
                    writer.write('\n');
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
        };
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"journal.jsonl\"").build();
    }
}
