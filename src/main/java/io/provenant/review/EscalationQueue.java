package io.provenant.review;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.neo4j.driver.Record;

import io.provenant.api.Cursor;
import io.provenant.api.PageInfo;
import io.provenant.artifact.Artifact;
import io.provenant.artifact.ArtifactCatalog;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.Checks;
import io.provenant.artifact.EscalationInput;
import io.provenant.artifact.Kind;
import io.provenant.artifact.RegistrationPayloads;
import io.provenant.graph.GraphReader;

/**
 * escalations: feedback events sent to a higher review tier, each as its latest version as of {@code asOf} (a
 * resolution is a new version superseding the open one), with its age: from when it was opened (its first
 * version) to {@code asOf}, or to when it was resolved. One Neo4j statement and one PostgreSQL query (for the
 * reasons and resolutions, from the registered payloads) per page.
 */
@ApplicationScoped
public class EscalationQueue {

    public static final int MAX_PAGE = 500;
    private static final String CURSOR_SCOPE = "escalation";

    /** One escalation, as its latest version. */
    public record EscalationItem(@NonNull @Description("Its latest version (as of asOf).") String escalation,
            @NonNull String feedback, @NonNull int fromTier, @NonNull int toTier, @NonNull String reason,
            @NonNull @Description("When its first version was registered.") OffsetDateTime openedAt,
            @Description("When its first resolved version was registered; null while unresolved.") OffsetDateTime resolvedAt,
            @NonNull @Description("Seconds from openedAt to resolvedAt, or to asOf while unresolved.") double ageSeconds,
            @NonNull boolean resolved, String resolvedBy, String outcome,
            @Description("The label the resolution settled on (as JudgmentInput.label: \"4.0\", \"RESPONSE\", …).") String newLabel) {
    }

    /** A page of escalations. */
    public record EscalationConnection(@NonNull List<@NonNull EscalationItem> nodes, @NonNull PageInfo pageInfo,
            @NonNull OffsetDateTime asOf) {
    }

    @Inject
    GraphReader graph;

    @Inject
    ArtifactCatalog catalog;

    @Inject
    RegistrationPayloads payloads;

    public EscalationConnection page(String project, boolean unresolvedOnly, OffsetDateTime asOfTime, Integer first, String after) {
        if (project != null) {
            Checks.project(project);
        }
        int size = Cursor.pageSize("first", first, 50, MAX_PAGE);
        long afterSeq = Cursor.decode("after", CURSOR_SCOPE, after);
        Instant asOf = asOfTime == null ? Instant.now().truncatedTo(ChronoUnit.MICROS) : asOfTime.toInstant();
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("project", project);
        parameters.put("unresolvedOnly", unresolvedOnly);
        parameters.put("asOf", asOf.atZone(ZoneOffset.UTC));
        parameters.put("after", afterSeq);
        parameters.put("limit", size + 1);
        List<Record> rows = graph.readOne("review/escalations.cypher", parameters);
        List<Record> page = rows.subList(0, Math.min(size, rows.size()));
        Set<ArtifactRef> refs = new LinkedHashSet<>();
        page.forEach(r -> refs.add(ArtifactRef.parse("escalation", r.get("escalation").asString(), Kind.ESCALATION)));
        Map<String, Artifact> artifacts = new HashMap<>();
        if (!refs.isEmpty()) {
            catalog.findAll(refs).forEach(a -> artifacts.put(a.ref(), a));
        }
        List<EscalationItem> items = page.stream().map(r -> {
            EscalationInput input = (EscalationInput) payloads.read(Kind.ESCALATION,
                    artifacts.get(r.get("escalation").asString()).payload());
            Instant opened = r.get("openedAt").asZonedDateTime().toInstant();
            Instant resolvedAt = r.get("resolvedAt").isNull() ? null : r.get("resolvedAt").asZonedDateTime().toInstant();
            Duration age = Duration.between(opened, resolvedAt == null ? asOf : resolvedAt);
            var resolution = input.resolution();
            return new EscalationItem(input.ref().toString(), input.feedback(), input.fromTier(), input.toTier(), input.reason(),
                    utc(opened), resolvedAt == null ? null : utc(resolvedAt), age.toNanos() / 1e9, resolution != null,
                    resolution == null ? null : resolution.resolvedBy(), resolution == null ? null : resolution.outcome(),
                    resolution == null || resolution.judgment() == null ? null : resolution.judgment().label());
        }).toList();
        String end = page.isEmpty() ? null : Cursor.encode(CURSOR_SCOPE, page.get(page.size() - 1).get("openedSeq").asLong());
        return new EscalationConnection(items, new PageInfo(rows.size() > size, end), utc(asOf));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
