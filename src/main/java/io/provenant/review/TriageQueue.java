package io.provenant.review;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import io.provenant.api.Cursor;
import io.provenant.api.PageInfo;
import io.provenant.artifact.Checks;
import io.provenant.graph.GraphReader;

/**
 * reviewQueue: the feedback events a triage rule version routed to one queue, with their review status, ordered
 * by priority (lower first) then registration and paged by keyset on (priority, journal sequence). The routing
 * is recorded on each event when it is registered (queue, priority, category, severity, matching rule), so a
 * page costs one Neo4j statement whatever the size of the queue.
 */
@ApplicationScoped
public class TriageQueue {

    public static final int MAX_PAGE = 500;
    private static final String CURSOR_SCOPE = "queue";

    /** Where a routed event stands in review. */
    @Description("Where a routed feedback event stands: OPEN (not escalated, not adjudicated), ESCALATED (an escalation"
            + " is unresolved), RESOLVED (its escalations were resolved), ADJUDICATED (an adjudication resolves it; wins).")
    public enum ReviewStatus {
        OPEN, ESCALATED, RESOLVED, ADJUDICATED
    }

    /** One event in a review queue. */
    public record TriageQueueItem(@NonNull String feedback, @NonNull int priority, @NonNull ReviewStatus status,
            @NonNull @Description("The triage rule version that routed it.") String routedBy,
            @NonNull String category, @NonNull String severity,
            @NonNull @Description("The rule that matched: rules[i], or default.") String matchedRule,
            @NonNull @Description("When the event was registered (and routed).") OffsetDateTime recordedAt,
            @NonNull @Description("Its escalations, each as its latest version, in registration order.") List<@NonNull String> escalations) {
    }

    /** A page of a review queue. */
    public record TriageQueueConnection(@NonNull String queue, @NonNull List<@NonNull TriageQueueItem> nodes,
            @NonNull PageInfo pageInfo) {
    }

    @Inject
    GraphReader graph;

    public TriageQueueConnection page(String queue, String project, ReviewStatus status, Integer first, String after) {
        Checks.text("queue", queue, 200);
        if (project != null) {
            Checks.project(project);
        }
        int size = Cursor.pageSize("first", first, 50, MAX_PAGE);
        long[] position = after == null ? new long[] {-1, -1} : Cursor.decode("after", CURSOR_SCOPE, after, 2);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("queue", queue);
        parameters.put("project", project);
        parameters.put("status", status == null ? null : status.name());
        parameters.put("afterPriority", position[0]);
        parameters.put("afterSeq", position[1]);
        parameters.put("limit", size + 1);
        List<Record> rows = graph.readOne("review/triage-queue.cypher", parameters);
        List<TriageQueueItem> items = rows.stream().limit(size).map(r -> new TriageQueueItem(r.get("feedback").asString(),
                r.get("priority").asInt(), ReviewStatus.valueOf(r.get("status").asString()), r.get("rules").asString(),
                r.get("category").asString(), r.get("severity").asString(), r.get("matchedRule").asString(),
                r.get("recordedAt").asZonedDateTime().toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC),
                r.get("escalations").asList(Value::asString))).toList();
        boolean more = rows.size() > size;
        String end = items.isEmpty() ? null : Cursor.encode(CURSOR_SCOPE, items.get(items.size() - 1).priority(),
                rows.get(items.size() - 1).get("seq").asLong());
        return new TriageQueueConnection(queue, items, new PageInfo(more, end));
    }
}
