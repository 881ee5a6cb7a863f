package io.provenant.prov;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.provenant.lineage.LineageDirection;
import io.provenant.lineage.LineageGraph.Truncation;
import io.provenant.security.Guarded;

/** PROV export over GraphQL, beside {@code GET /api/v1/prov/{ref}}. */
@GraphQLApi
@Guarded
public class ProvApi {

    /** A PROV-JSON document of a lineage, as text, and whether the lineage was cut. */
    @Description("The lineage of an artifact as a W3C PROV-JSON document (text, to hand to PROV tools as it is).")
    public record ProvDocumentResult(@NonNull @Description("The PROV-JSON document.") String document,
            @NonNull @Description("True when the lineage behind it was cut (depth or exploration limit).") boolean truncated,
            @NonNull List<@NonNull Truncation> truncation, @NonNull OffsetDateTime asOf) {
    }

    @Inject
    ProvExport export;

    @Query
    @Description("The lineage of an artifact (the answer of lineage, all pages) as W3C PROV-JSON: entities, activities,"
            + " agents and their relations. maxDepth 1..50 (default 10).")
    public @NonNull ProvDocumentResult provDocument(@NonNull String ref, @DefaultValue("UPSTREAM") LineageDirection direction,
            @DefaultValue("10") Integer maxDepth, OffsetDateTime asOf, Integer maxNodes) {
        ProvExport.Export result = export.export(ref, direction, maxDepth, asOf, maxNodes);
        return new ProvDocumentResult(result.document().toString(), result.truncated(), result.truncation(), result.asOf());
    }
}
