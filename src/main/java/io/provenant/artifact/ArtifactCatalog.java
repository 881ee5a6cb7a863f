package io.provenant.artifact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.NonNull;

import io.provenant.api.Cursor;
import io.provenant.api.PageInfo;
import io.provenant.api.ProvenantError;
import io.provenant.api.StoreFailures;
import io.quarkus.panache.common.Parameters;

/**
 * Look-ups and keyset pages of registered artifacts, from PostgreSQL (the system of record): one query per
 * call, whatever the page size (the journal payload and dataset state are fetched in the same join).
 */
@ApplicationScoped
public class ArtifactCatalog {

    public static final int MAX_PAGE = 500;
    private static final String CURSOR_SCOPE = "artifact";
    private static final String SELECT = "from ArtifactRecord a join fetch a.entry left join fetch a.dataset";

    /** A page of artifacts (Relay connection). */
    public record ArtifactConnection(@NonNull List<@NonNull ArtifactEdge> edges, @NonNull PageInfo pageInfo) {
    }

    /** One artifact in a page, with its cursor. */
    public record ArtifactEdge(@NonNull String cursor, @NonNull Artifact node) {
    }

    @Inject
    RegistrationPayloads payloads;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    public Optional<Artifact> find(ArtifactRef ref) {
        return StoreFailures.guard(() -> ArtifactRecord.<ArtifactRecord>find(SELECT + " where a.ref = :ref",
                Parameters.with("ref", ref.toString())).firstResultOptional().map(this::toArtifact));
    }

    /** The artifacts with these refs, in the order given (all must exist). */
    public List<Artifact> findAll(Collection<ArtifactRef> refs) {
        List<String> texts = refs.stream().map(ArtifactRef::toString).distinct().toList();
        Map<String, Artifact> byRef = new HashMap<>();
        ArtifactRecord.<ArtifactRecord>find(SELECT + " where a.ref in :refs", Parameters.with("refs", texts)).stream()
                .forEach(record -> byRef.put(record.ref, toArtifact(record)));
        return refs.stream().map(ref -> byRef.get(ref.toString())).toList();
    }

    /**
     * Artifacts of {@code kind} whose registered payload has top-level {@code field} equal to one of {@code values}
     * (e.g. the eval runs of some checkpoints), in registration order: one query over that kind's payloads.
     */
    public List<Artifact> referencing(Kind kind, String field, Collection<String> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<ArtifactRef> refs = StoreFailures.sql(() -> {
            List<ArtifactRef> found = new ArrayList<>();
            try (java.sql.Connection connection = dataSource.getConnection();
                 java.sql.PreparedStatement select = connection.prepareStatement("SELECT a.ref FROM artifact a JOIN journal j"
                         + " ON j.seq = a.id WHERE a.kind = ? AND (j.payload::jsonb ->> ?) = ANY (?) ORDER BY a.id")) {
                select.setString(1, kind.id());
                select.setString(2, field);
                select.setArray(3, connection.createArrayOf("text", values.toArray()));
                try (java.sql.ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(ArtifactRef.parse("ref", rows.getString(1)));
                    }
                }
            }
            return found;
        });
        return refs.isEmpty() ? List.of() : findAll(refs);
    }

    /**
     * Artifacts in registration order, filtered by kind, project and key prefix (or exact key), paged by keyset
     * on the journal sequence.
     */
    public ArtifactConnection page(Kind kind, String project, String keyPrefix, String exactKey, Integer first, String after) {
        int size = Cursor.pageSize("first", first, 50, MAX_PAGE);
        long afterId = Cursor.decode("after", CURSOR_SCOPE, after);
        if (exactKey != null && !ArtifactRef.validKey(exactKey)) {
            throw ProvenantError.invalid("key", "'" + exactKey + "' must match " + ArtifactRef.KEY.pattern() + ".");
        }
        if (keyPrefix != null && keyPrefix.indexOf('\u0000') >= 0) {
            // Any other text is a literal prefix that simply matches nothing (CatalogQueryTest); PostgreSQL cannot take U+0000.
            throw ProvenantError.invalid("keyPrefix", "contains a NUL character (U+0000), which is not allowed.");
        }
        StringBuilder where = new StringBuilder(" where a.id > :after");
        Parameters parameters = Parameters.with("after", afterId);
        if (kind != null) {
            where.append(" and a.kind = :kind");
            parameters.and("kind", kind.id());
        }
        if (project != null) {
            where.append(" and a.project = :project");
            parameters.and("project", Checks.project(project));
        }
        if (exactKey != null) {
            where.append(" and a.key = :key");
            parameters.and("key", exactKey);
        } else if (keyPrefix != null && !keyPrefix.isEmpty()) {
            where.append(" and a.key like :prefix");
            parameters.and("prefix", keyPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        List<ArtifactRecord> records = StoreFailures.guard(() -> ArtifactRecord.<ArtifactRecord>find(SELECT + where
                + " order by a.id", parameters).range(0, size).list());
        boolean more = records.size() > size;
        List<ArtifactEdge> edges = new ArrayList<>(Math.min(size, records.size()));
        for (ArtifactRecord record : more ? records.subList(0, size) : records) {
            edges.add(new ArtifactEdge(Cursor.encode(CURSOR_SCOPE, record.id), toArtifact(record)));
        }
        String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new ArtifactConnection(edges, new PageInfo(more, end));
    }

    private Artifact toArtifact(ArtifactRecord record) {
        Kind kind = Kind.fromId("kind", record.kind);
        String payload = record.entry.payload;
        List<Artifact.Reference> references = payloads.read(kind, payload).links().stream()
                .map(link -> new Artifact.Reference(link.type(), link.field(), link.target().toString())).toList();
        Artifact.DatasetState dataset = record.dataset == null ? null
                : new Artifact.DatasetState(record.dataset.sealedAt != null, record.dataset.memberCount,
                        record.dataset.contentDigest, record.dataset.sealedAt);
        return new Artifact(record.ref, kind, record.key, record.version, record.project, record.digest,
                record.registeredAt, record.registeredBy, record.id, payload, references, dataset, false);
    }
}
