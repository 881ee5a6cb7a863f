package io.provenant.lineage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import io.provenant.artifact.EdgeType;
import io.provenant.artifact.Kind;
import io.provenant.consent.ConsentRevocation;
import io.provenant.graph.GraphReader;
import io.provenant.lineage.LineageGraph.Truncation;
import io.provenant.lineage.LineageGraph.TruncationReason;

/**
 * impact(ref | consentSubject): everything downstream of an artifact or of a data subject's feedback, ending
 * in the checkpoints and releases affected. One statement (impact.cypher), whatever the number of labels: the
 * review layer (possibly millions of labels) is counted in Neo4j, and the walk from the datasets holding it (and
 * from the layer's non-label artifacts) to runs, checkpoints, gates and releases comes back as each node's
 * breadth-first depth and near nodes, from which {@link #downstream} rebuilds the lineage walk's answer.
 */
@ApplicationScoped
public class Impact {

    /** The downstream walk's depth; impact.cypher's shortest paths go to MAX_DEPTH + 1 hops (a literal there) to see beyond. */
    private static final int MAX_DEPTH = 30;
    private static final List<String> DOWNSTREAM_OF_DATA = List.of(EdgeType.DERIVED_FROM, EdgeType.USED, EdgeType.PRODUCED_BY,
            EdgeType.STARTED_FROM, EdgeType.REWARD_MODEL, EdgeType.EVALUATED, EdgeType.REFERENCE, EdgeType.EVALUATED_ON,
            EdgeType.GATES, EdgeType.READ, EdgeType.DECIDED_BY, EdgeType.RELEASES).stream().map(Enum::name).toList();

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
        return graph.read(reads -> {
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("ref", ref);
            parameters.put("subject", consentSubject);
            parameters.put("asOf", at);
            parameters.put("types", DOWNSTREAM_OF_DATA);
            parameters.put("limit", nodes + 1); // the roots take part of the budget, so this is always enough to see a cut
            Record answer = reads.run("lineage/impact.cypher", parameters).get(0);
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
            Downstream downstream = downstream(strings(answer.get("roots")), answer.get("downstream"), nodes, reasons);

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
        });
    }

    /** The walk's result: every node in discovery order with its depth (roots 0), and each reached node's parent. */
    record Downstream(Map<String, Integer> depth, Map<String, String> parent) {
    }

    /**
     * The breadth-first walk from the roots, from the statement's rows (each reached node with its depth and the nodes
     * it was made from, ordered by depth and registration), as {@link Lineage#walk} would make it: nodes in that order
     * until maxNodes (roots included), nothing past MAX_DEPTH, and as a node's parent the least ref among the nodes
     * one hop nearer the roots that it was made from.
     */
    static Downstream downstream(List<String> roots, Value rows, int maxNodes, Map<TruncationReason, String> reasons) {
        Map<String, Integer> depth = new LinkedHashMap<>();
        Map<String, String> parent = new HashMap<>();
        roots.forEach(root -> depth.put(root, 0));
        for (Value row : rows.values()) {
            String ref = row.get("ref").asString();
            int at = row.get("depth").asInt();
            if (at > MAX_DEPTH) {
                reasons.putIfAbsent(TruncationReason.DEPTH_LIMIT, Lineage.beyondDepth(MAX_DEPTH));
                break;
            }
            if (depth.size() >= maxNodes) {
                reasons.putIfAbsent(TruncationReason.EXPLORATION_LIMIT, Lineage.stoppedAtMaxNodes(maxNodes));
                break;
            }
            String from = null;
            for (String near : strings(row.get("near"))) {
                Integer nearDepth = depth.get(near);
                if (nearDepth != null && nearDepth == at - 1 && (from == null || near.compareTo(from) < 0)) {
                    from = near;
                }
            }
            if (from == null) {
                throw new IllegalStateException("impact: " + ref + " at depth " + at + " has no node one hop nearer the roots");
            }
            depth.put(ref, at);
            parent.put(ref, from);
        }
        return new Downstream(depth, parent);
    }

    /** origin … (review layer) … walk root … release, following the walk's parent pointers back. */
    private static List<String> path(String release, Map<String, String> parent, Map<String, List<String>> layerPaths) {
        List<String> downstream = new ArrayList<>();
        for (String at = release; at != null; at = parent.get(at)) {
            downstream.add(0, at);
        }
        List<String> path = new ArrayList<>(layerPaths.getOrDefault(downstream.get(0), List.of()));
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
