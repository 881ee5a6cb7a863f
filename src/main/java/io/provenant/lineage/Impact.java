package io.provenant.lineage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import io.provenant.api.ProvenantError;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.Kind;
import io.provenant.consent.ConsentRevocation;
import io.provenant.graph.GraphReader;
import io.provenant.lineage.LineageGraph.Truncation;
import io.provenant.lineage.LineageGraph.TruncationReason;

/**
 * impact(ref | consentSubject): everything downstream of an artifact or of a data subject's feedback, ending
 * in the checkpoints and releases affected. One statement (impact.cypher) in one round trip
 * ({@link GraphReader#readOne}), whatever the number of labels: the review layer (possibly millions of labels) is
 * counted in Neo4j, and what lies downstream of the datasets holding it (and of the layer's non-label artifacts) comes
 * back as runs, checkpoints, gates and releases with their registration and near nodes, from which
 * {@link #downstream} rebuilds the lineage walk's answer.
 */
@ApplicationScoped
public class Impact {

    /**
     * The downstream walk's depth; impact.cypher walks MAX_DEPTH + 1 hops (a literal there, as are the edge types it
     * walks: DERIVED_FROM, USED, PRODUCED_BY, STARTED_FROM, REWARD_MODEL, EVALUATED, REFERENCE, EVALUATED_ON, GATES, READ,
     * DECIDED_BY, RELEASES) to see beyond.
     */
    private static final int MAX_DEPTH = 30;

    @Inject
    GraphReader graph;

    @Inject
    Lineage lineage;

    /** The answer. */
    @Description("What an artifact, or a data subject's feedback, affects downstream, ending in checkpoints and releases.")
    public record ImpactReport(
            @NonNull @Description("The artifact, or the subject's feedback events (the first 100).") List<@NonNull String> origins,
            @NonNull int originCount,
            @NonNull @Description("Affected artifacts per kind (the origin artifact itself not counted; a subject's feedback is).") List<@NonNull KindCount> countsByKind,
            @NonNull @Description("Datasets holding affected labels, and datasets derived from them.") List<@NonNull String> datasets,
            @NonNull List<@NonNull String> checkpoints,
            @NonNull List<@NonNull AffectedRelease> releases,
            @NonNull boolean truncated, @NonNull List<@NonNull Truncation> truncation,
            @Description("For a data subject: their consent revocation, if recorded by asOf.") ConsentRevocation consentRevocation,
            @NonNull OffsetDateTime asOf) {
    }

    /** How many affected artifacts of one kind. */
    public record KindCount(@NonNull Kind kind, @NonNull long count) {
    }

    /** An affected release and one path to it from an origin. */
    public record AffectedRelease(@NonNull String release, @NonNull List<@NonNull String> path) {
    }

    public ImpactReport answer(String refText, String consentSubject, OffsetDateTime asOfTime, Integer maxNodes) {
        if ((refText == null) == (consentSubject == null)) {
            throw ProvenantError.invalid("ref", "name exactly one of ref and consentSubject.");
        }
        String ref = refText == null ? null : ArtifactRef.parse("ref", refText).toString();
        if (consentSubject != null && consentSubject.isBlank()) {
            throw ProvenantError.invalid("consentSubject", "must not be blank.");
        }
        int nodes = lineage.maxNodes(maxNodes);
        Instant asOf = asOfTime == null ? Instant.now().truncatedTo(ChronoUnit.MICROS) : asOfTime.toInstant();
        ZonedDateTime at = asOf.atZone(ZoneOffset.UTC);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("ref", ref);
        parameters.put("subject", consentSubject);
        parameters.put("asOf", at);
        int limit = Lineage.rowLimit(nodes);
        parameters.put("limit", limit);
        Record answer = graph.readOne("lineage/impact.cypher", parameters).get(0);
        List<String> origins = strings(answer.get("origins"));
        if (origins.isEmpty()) {
            if (ref != null) {
                throw ProvenantError.notFound("ref", ref);
            }
            throw ProvenantError.notFound("consentSubject", "feedback of subject " + consentSubject);
        }
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        for (Value count : answer.get("counts").values()) {
            counts.merge(Kind.fromId("kind", count.get("kind").asString()), count.get("count").asLong(), Long::sum);
        }
        Set<String> counted = new HashSet<>(strings(answer.get("carriers")));
        Map<String, List<String>> layerPaths = new HashMap<>();
        for (Value path : answer.get("paths").values()) {
            layerPaths.putIfAbsent(path.get("root").asString(), strings(path.get("path")));
        }
        Map<TruncationReason, String> reasons = new EnumMap<>(TruncationReason.class);
        Value rows = answer.get("downstream");
        Downstream downstream = downstream(strings(answer.get("roots")), rows, nodes, rows.size() >= limit ? limit : 0, reasons);

        List<String> datasets = new ArrayList<>();
        List<String> checkpoints = new ArrayList<>();
        List<AffectedRelease> releases = new ArrayList<>();
        for (String affected : downstream.depth().keySet()) {
            Kind kind = ArtifactRef.parse("ref", affected).kind();
            if (!counted.contains(affected)) {
                counts.merge(kind, 1L, Long::sum);
            }
            switch (kind) {
                case DATASET -> datasets.add(affected);
                case CHECKPOINT -> checkpoints.add(affected);
                case RELEASE -> releases.add(new AffectedRelease(affected, path(affected, downstream.parent(), layerPaths)));
                default -> {
                }
            }
        }
        List<KindCount> countsByKind = new ArrayList<>();
        counts.forEach((kind, count) -> countsByKind.add(new KindCount(kind, count)));
        List<Truncation> truncation = new ArrayList<>();
        reasons.forEach((reason, detail) -> truncation.add(new Truncation(reason, detail)));
        return new ImpactReport(origins.subList(0, Math.min(100, origins.size())), answer.get("originCount").asInt(),
                countsByKind, datasets, checkpoints, releases, !truncation.isEmpty(), truncation,
                revocation(answer.get("revocation")), asOf.atOffset(ZoneOffset.UTC));
    }

    /** The walk's result: every node in discovery order with its depth (roots 0), and each reached node's parent. */
    record Downstream(Map<String, Integer> depth, Map<String, String> parent) {
    }

    /** A row of impact.cypher's downstream: an artifact, its registration, and the nodes it was made from. */
    private record Reached(String ref, long seq, List<String> near) {
    }

    /**
     * The breadth-first walk from the roots, from the statement's rows (every artifact downstream within MAX_DEPTH + 1
     * hops, in no particular order, each with its registration and the nodes it was made from), as {@link Lineage#walk}
     * would make it: each artifact's depth is its shortest distance from a root over those near nodes; nodes by depth,
     * then registration, until maxNodes (roots included), nothing past MAX_DEPTH, and as a node's parent the least ref
     * among the nodes one hop nearer the roots that it was made from. {@code cut} is the statement's row limit when it
     * was reached (more may lie downstream; 0 otherwise): then the walk goes through the rows found, says so, and
     * leaves out those it cannot reach through them.
     */
    static Downstream downstream(List<String> roots, Value rows, int maxNodes, int cut, Map<TruncationReason, String> reasons) {
        Map<String, Reached> reached = new HashMap<>();
        Map<String, List<Reached>> madeFrom = new HashMap<>(); // near node -> the rows made from it
        for (Value row : rows.values()) {
            Reached r = new Reached(row.get("ref").asString(), row.get("seq").asLong(), strings(row.get("near")));
            reached.put(r.ref(), r);
            r.near().forEach(near -> madeFrom.computeIfAbsent(near, k -> new ArrayList<>()).add(r));
        }
        Map<String, Integer> distance = new HashMap<>();
        roots.forEach(root -> distance.put(root, 0));
        ArrayDeque<String> queue = new ArrayDeque<>(roots);
        List<Reached> order = new ArrayList<>();
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (Reached next : madeFrom.getOrDefault(at, List.of())) {
                if (!distance.containsKey(next.ref())) {
                    distance.put(next.ref(), distance.get(at) + 1);
                    order.add(next);
                    queue.add(next.ref());
                }
            }
        }
        if (cut > 0) {
            reasons.put(TruncationReason.EXPLORATION_LIMIT, "more than " + cut + " artifacts lie downstream; the walk went through the first "
                    + cut + " found.");
        } else if (order.size() < reached.size()) {
            throw new IllegalStateException("impact: " + (reached.size() - order.size()) + " artifacts downstream are not reached from the roots");
        }
        order.sort(Comparator.comparingInt((Reached r) -> distance.get(r.ref())).thenComparingLong(Reached::seq));

        Map<String, Integer> depth = new LinkedHashMap<>();
        Map<String, String> parent = new HashMap<>();
        roots.forEach(root -> depth.put(root, 0));
        for (Reached row : order) {
            int at = distance.get(row.ref());
            if (at > MAX_DEPTH) {
                reasons.putIfAbsent(TruncationReason.DEPTH_LIMIT, Lineage.beyondDepth(MAX_DEPTH));
                break;
            }
            if (depth.size() >= maxNodes) {
                reasons.putIfAbsent(TruncationReason.EXPLORATION_LIMIT, Lineage.stoppedAtMaxNodes(maxNodes));
                break;
            }
            String from = null;
            for (String near : row.near()) {
                Integer nearDepth = depth.get(near);
                if (nearDepth != null && nearDepth == at - 1 && (from == null || near.compareTo(from) < 0)) {
                    from = near;
                }
            }
            depth.put(row.ref(), at);
            parent.put(row.ref(), from);
        }
        return new Downstream(depth, parent);
    }

    /** origin … (review layer) … walk root … release, following the walk's parent pointers back. */
    private static List<String> path(String release, Map<String, String> parent, Map<String, List<String>> layerPaths) {
        List<String> downstream = new ArrayList<>();
        for (String at = release; at != null; at = parent.get(at)) {
            downstream.add(0, at);
        }
        List<String> layer = layerPaths.get(downstream.get(0));
        if (layer == null) {
            throw new IllegalStateException("impact: no path from an origin to " + downstream.get(0) + ", which " + release + " lies downstream of");
        }
        List<String> path = new ArrayList<>(layer);
        if (!path.isEmpty() && path.get(path.size() - 1).equals(downstream.get(0))) {
            path.remove(path.size() - 1);
        }
        path.addAll(downstream);
        return path;
    }

    private static ConsentRevocation revocation(Value node) {
        if (node.isNull()) {
            return null;
        }
        return new ConsentRevocation(node.get("subject").asString(), node.get("project").asString(), node.get("reason").asString(),
                node.get("revokedAt").asZonedDateTime().toOffsetDateTime(),
                node.get("request").isNull() ? null : node.get("request").asString(), node.get("digest").asString(),
                node.get("registeredAt").asZonedDateTime().toOffsetDateTime(), node.get("registeredBy").asString(),
                node.get("seq").asLong());
    }

    private static List<String> strings(Value value) {
        return value.isNull() ? List.of() : value.asList(Value::asString);
    }
}
