package io.provenant.review;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import io.provenant.api.Cursor;
import io.provenant.api.PageInfo;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.Checks;
import io.provenant.artifact.Kind;
import io.provenant.graph.GraphReader;
import io.provenant.security.Guarded;

/**
 * conflicts(project, rubric, status): items labeled differently under the same rubric version, the input of
 * adjudication. An item is one normalized prompt ({@link io.provenant.artifact.Digests#promptDigest}) with one
 * response (pair) in one project; it conflicts when two or more of its labels differ. One Neo4j statement per
 * request ({@code review/conflicts.cypher}), whatever the page size; keyset paging on the item's first label.
 */
@GraphQLApi
@Guarded
public class Conflicts {

    public static final int MAX_PAGE = 500;
    private static final String CURSOR_SCOPE = "conflict";

    /** Which conflicts to list; an item's status is UNRESOLVED or ADJUDICATED. */
    public enum ConflictStatus {
        @Description("Some label of the item is resolved by no adjudication.") UNRESOLVED,
        @Description("Every label of the item is resolved by an adjudication.") ADJUDICATED,
        @Description("Both (as a filter only).") ALL
    }

    /** One label of a conflicting item. */
    public record ConflictLabel(@NonNull String ref, @NonNull String label, String reviewer) {
    }

    /** An adjudication resolving labels of the item. */
    public record ConflictAdjudication(@NonNull String ref, @NonNull String finalLabel, String adjudicator,
            @NonNull @Description("The labels it resolves, in ref order.") List<@NonNull String> resolves) {
    }

    /** An item labeled differently under one rubric version. */
    @Description("An item (normalized prompt + response) with differing labels under one rubric version.")
    public record LabelConflict(@NonNull String rubric, @NonNull String project, @NonNull String promptDigest,
            @NonNull String responseDigest, @NonNull ConflictStatus status,
            @NonNull @Description("Its labels under the rubric version, in registration order.") List<@NonNull ConflictLabel> labels,
            @NonNull List<@NonNull ConflictAdjudication> adjudications) {
    }

    /** A page of conflicts. */
    public record LabelConflictConnection(@NonNull List<@NonNull LabelConflict> nodes, @NonNull PageInfo pageInfo,
            @NonNull OffsetDateTime asOf) {
    }

    @Inject
    GraphReader graph;

    @Query
    @Description("Items (same rubric version, normalized prompt and response) whose labels differ, with the adjudications"
            + " resolving them; status UNRESOLVED (default), ADJUDICATED or ALL; as of asOf; first 1..500 (default 50).")
    public @NonNull LabelConflictConnection conflicts(String project, String rubric,
            @DefaultValue("UNRESOLVED") ConflictStatus status, OffsetDateTime asOf, @DefaultValue("50") Integer first,
            String after) {
        String projectName = project == null ? null : Checks.project(project);
        ArtifactRef rubricRef = rubric == null ? null : ArtifactRef.parse("rubric", rubric, Kind.RUBRIC);
        int size = Cursor.pageSize("first", first, 50, MAX_PAGE);
        long afterSeq = Cursor.decode("after", CURSOR_SCOPE, after);
        Instant at = asOf == null ? Instant.now().truncatedTo(ChronoUnit.MICROS) : asOf.toInstant();
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("project", projectName);
        parameters.put("rubric", rubricRef == null ? null : rubricRef.toString());
        parameters.put("status", (status == null ? ConflictStatus.UNRESOLVED : status).name());
        parameters.put("asOf", at.atZone(ZoneOffset.UTC));
        parameters.put("after", afterSeq);
        parameters.put("limit", size + 1);
        List<Record> rows = graph.readOne("review/conflicts.cypher", parameters);
        List<LabelConflict> nodes = new ArrayList<>();
        for (Record row : rows.subList(0, Math.min(size, rows.size()))) {
            nodes.add(new LabelConflict(row.get("rubric").asString(), row.get("project").asString(),
                    row.get("promptDigest").asString(), row.get("responseDigest").asString(),
                    ConflictStatus.valueOf(row.get("status").asString()),
                    row.get("labels").asList(v -> new ConflictLabel(v.get("ref").asString(), v.get("label").asString(),
                            nullable(v.get("reviewer")))),
                    row.get("adjudications").asList(v -> new ConflictAdjudication(v.get("ref").asString(),
                            v.get("finalLabel").asString(), nullable(v.get("adjudicator")), v.get("resolves").asList(Value::asString)))));
        }
        String endCursor = nodes.isEmpty() ? null : Cursor.encode(CURSOR_SCOPE, rows.get(nodes.size() - 1).get("seq").asLong());
        return new LabelConflictConnection(nodes, new PageInfo(rows.size() > size, endCursor), at.atOffset(ZoneOffset.UTC));
    }

    private static String nullable(Value value) {
        return value.isNull() ? null : value.asString();
    }
}
