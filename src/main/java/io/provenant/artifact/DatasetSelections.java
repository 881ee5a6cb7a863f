package io.provenant.artifact;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.agroal.api.AgroalDataSource;
import io.provenant.api.ProvenantError;
import io.provenant.api.StoreFailures;
import io.provenant.security.Guarded;

/**
 * datasetSelection(dataset): how a dataset version was selected (rule and version, feedback filters, parents, the
 * datasets it must be disjoint from, strictness) and, once sealed, what the seal found: content digest, member
 * count and the normalized prompts shared with each disjointFrom dataset. From PostgreSQL, two queries.
 */
@GraphQLApi
@Guarded
public class DatasetSelections {

    /** A dataset version's selection record. */
    @Description("How a dataset version was selected, and the disjointness its seal checked.")
    public record DatasetSelection(@NonNull String dataset, @NonNull DatasetSplit split, @NonNull String selectionRule,
            String selectionRuleVersion, @NonNull List<@NonNull String> feedbackFilters,
            @NonNull List<@NonNull String> derivedFrom, @NonNull List<@NonNull String> disjointFrom,
            @NonNull @Description("Whether an overlap refuses the seal (else it is recorded).") boolean strict,
            @NonNull boolean sealed, OffsetDateTime sealedAt, String contentDigest, @NonNull long memberCount,
            @NonNull @Description("Per disjointFrom dataset, found when sealed (empty before).") List<@NonNull DatasetOverlap> overlaps) {
    }

    /** Normalized prompts a sealed dataset shares with one of its disjointFrom datasets. */
    public record DatasetOverlap(@NonNull String dataset,
            @NonNull @Description("Distinct normalized prompt digests found in both.") long prompts,
            @NonNull @Description("This dataset's members with such a prompt, at most 20, in ref order.") List<@NonNull String> examples) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RegistrationPayloads payloads;

    @Query
    @Description("How a dataset version was selected (rule, rule version, feedback filters, parents, splits, disjointness)"
            + " and what its seal found: content digest and the prompts it shares with each disjointFrom dataset.")
    public @NonNull DatasetSelection datasetSelection(@NonNull String dataset) {
        ArtifactRef ref = ArtifactRef.parse("dataset", dataset, Kind.DATASET);
        return StoreFailures.sql(() -> {
            try (Connection connection = dataSource.getConnection()) {
                long id;
                DatasetInput input;
                boolean sealed;
                OffsetDateTime sealedAt;
                String contentDigest;
                long memberCount;
                try (PreparedStatement select = connection.prepareStatement("SELECT a.id, j.payload, ds.sealed_at,"
                        + " ds.content_digest, ds.member_count FROM artifact a JOIN journal j ON j.seq = a.id"
                        + " JOIN dataset_state ds ON ds.artifact_id = a.id WHERE a.ref = ?")) {
                    select.setString(1, ref.toString());
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            throw ProvenantError.notFound("dataset", ref.toString());
                        }
                        id = row.getLong(1);
                        input = (DatasetInput) payloads.read(Kind.DATASET, row.getString(2));
                        java.sql.Timestamp at = row.getTimestamp(3);
                        sealed = at != null;
                        sealedAt = at == null ? null : at.toInstant().atOffset(ZoneOffset.UTC);
                        contentDigest = row.getString(4);
                        memberCount = row.getLong(5);
                    }
                }
                List<DatasetOverlap> overlaps = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement("SELECT counterpart_ref, prompts, examples"
                        + " FROM dataset_overlap WHERE dataset_id = ? ORDER BY counterpart_ref COLLATE \"C\"")) {
                    select.setLong(1, id);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            overlaps.add(new DatasetOverlap(rows.getString(1), rows.getLong(2),
                                    List.of((String[]) rows.getArray(3).getArray())));
                        }
                    }
                }
                return new DatasetSelection(ref.toString(), input.split(), input.selectionRule(), input.selectionRuleVersion(),
                        list(input.feedbackFilters()), list(input.derivedFrom()), list(input.disjointFrom()),
                        input.strictDisjointness(), sealed, sealedAt, contentDigest, memberCount, overlaps);
            }
        });
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values;
    }
}
