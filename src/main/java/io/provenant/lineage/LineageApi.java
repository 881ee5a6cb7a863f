package io.provenant.lineage;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.provenant.artifact.EdgeType;
import io.provenant.artifact.Kind;

/** The lineage questions of SPEC §3. */
@GraphQLApi
public class LineageApi {

    @Inject
    Lineage lineage;

    @Query
    @Description("The lineage graph around an artifact, as of an instant, paged; says why it is cut when it is."
            + " maxDepth 1..50 (default 5); maxNodes bounds the walk (default 10,000); first 1..1000 (default 100).")
    public @NonNull LineageGraph lineage(@NonNull String ref, @DefaultValue("UPSTREAM") LineageDirection direction,
            @DefaultValue("5") Integer maxDepth, List<Kind> kinds, List<EdgeType> edgeTypes,
            OffsetDateTime asOf, @DefaultValue("100") Integer first, String after, Integer maxNodes) {
        return lineage.answer(lineage.question(ref, direction, maxDepth, kinds, edgeTypes, asOf, first, after, maxNodes));
    }
}
