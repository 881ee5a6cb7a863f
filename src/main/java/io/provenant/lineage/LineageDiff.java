package io.provenant.lineage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.neo4j.driver.Record;
import org.neo4j.driver.types.Node;

import io.provenant.api.ProvenantError;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.EdgeType;
import io.provenant.artifact.Kind;
import io.provenant.graph.GraphReader;
import io.provenant.lineage.LineageGraph.LineageSide;
import io.provenant.lineage.LineageGraph.Truncation;

/**
 * lineageDiff(from, to): what differs between what two artifacts (typically two releases) were made from.
 * Each side is the lineage walk upstream over every edge but dataset membership and SUPERSEDES (an earlier
 * version is not an input); labels are compared per rubric version in one aggregated statement.
 */
@ApplicationScoped
public class LineageDiff {

    private static final int MAX_DEPTH = 50;
    private static final int MAX_LISTED = 100;
    private static final List<String> MADE_FROM = EnumSet.complementOf(EnumSet.of(EdgeType.HAS_MEMBER, EdgeType.SUPERSEDES))
            .stream().map(Enum::name).toList();

    @Inject
    GraphReader graph;

    @ConfigProperty(name = "provenant.lineage.max-nodes", defaultValue = "10000")
    int maxNodes;

    /** The answer. */
    @Description("What differs between what two artifacts were made from (labels compared per rubric version).")
    public record LineageDiffReport(@NonNull String from, @NonNull String to,
            @NonNull @Description("One line per change, e.g. '+5 labels under rubric:x@2', 'dataset:mix 7→8'.") List<@NonNull String> summary,
            @NonNull List<@NonNull KindDiff> onlyInFrom, @NonNull List<@NonNull KindDiff> onlyInTo, @NonNull int inBoth,
            @NonNull int edgesOnlyInFrom, @NonNull int edgesOnlyInTo,
            @NonNull @Description("Keys present on both sides in other versions.") List<@NonNull VersionChange> versionChanges,
            @NonNull List<@NonNull RubricLabels> labels,
            @NonNull boolean truncated, @NonNull List<@NonNull Truncation> truncation, @NonNull OffsetDateTime asOf) {
    }

    /** Artifacts of one kind on one side only (refs listed up to 100, in ref order). */
    public record KindDiff(@NonNull Kind kind, @NonNull int count, @NonNull List<@NonNull String> refs) {
    }

    /** One key in other versions on the two sides. */
    public record VersionChange(@NonNull Kind kind, @NonNull String key, @NonNull List<@NonNull String> fromVersions,
            @NonNull List<@NonNull String> toVersions) {
    }

    /** Labels of one rubric version on each side. */
    public record RubricLabels(@NonNull String rubric, String policy, @NonNull long onlyInFrom, @NonNull long onlyInTo,
            @NonNull long inBoth) {
    }

    public LineageDiffReport answer(String fromText, String toText, OffsetDateTime asOfTime) {
        String from = ArtifactRef.parse("from", fromText).toString();
        String to = ArtifactRef.parse("to", toText).toString();
        Instant asOf = asOfTime == null ? Instant.now().truncatedTo(ChronoUnit.MICROS) : asOfTime.toInstant();
        ZonedDateTime at = asOf.atZone(ZoneOffset.UTC);
        return graph.read(reads -> {
            Lineage.Walk a = side(reads, "from", from, at);
            Lineage.Walk b = side(reads, "to", to, at);
            Set<String> onlyA = new TreeSet<>(a.found().keySet());
            onlyA.removeAll(b.found().keySet());
            Set<String> onlyB = new TreeSet<>(b.found().keySet());
            onlyB.removeAll(a.found().keySet());
            Set<Lineage.EdgeKey> edgesA = new HashSet<>(a.edges());
            Set<Lineage.EdgeKey> edgesB = new HashSet<>(b.edges());
            int edgesOnlyA = (int) edgesA.stream().filter(e -> !edgesB.contains(e)).count();
            int edgesOnlyB = (int) edgesB.stream().filter(e -> !edgesA.contains(e)).count();

            List<VersionChange> changes = new ArrayList<>();
            Map<String, TreeSet<String>> versionsA = versions(onlyA);
            Map<String, TreeSet<String>> versionsB = versions(onlyB);
            List<String> summary = new ArrayList<>();
            versionsA.forEach((kindKey, fromVersions) -> {
                TreeSet<String> toVersions = versionsB.get(kindKey);
                if (toVersions != null) {
                    String kind = kindKey.substring(0, kindKey.indexOf(':'));
                    changes.add(new VersionChange(Kind.fromId("kind", kind), kindKey.substring(kindKey.indexOf(':') + 1),
                            List.copyOf(fromVersions), List.copyOf(toVersions)));
                    summary.add(kindKey + " " + String.join(",", fromVersions) + "→" + String.join(",", toVersions));
                }
            });

            List<RubricLabels> labels = new ArrayList<>();
            for (Record r : reads.run("lineage/diff-labels.cypher", Map.of("from", datasets(a), "to", datasets(b), "asOf", at))) {
                RubricLabels group = new RubricLabels(r.get("rubric").asString(), r.get("policy").isNull() ? null : r.get("policy").asString(),
                        r.get("onlyInFrom").asLong(), r.get("onlyInTo").asLong(), r.get("inBoth").asLong());
                labels.add(group);
                if (group.inBoth() == 0 && group.onlyInTo() == 0) {
                    summary.add(group.rubric() + " dropped (" + group.onlyInFrom() + " labels)");
                } else if (group.inBoth() == 0 && group.onlyInFrom() == 0) {
                    summary.add(group.rubric() + " added (" + group.onlyInTo() + " labels)");
                } else {
                    if (group.onlyInTo() > 0) {
                        summary.add("+" + group.onlyInTo() + " labels under " + group.rubric());
                    }
                    if (group.onlyInFrom() > 0) {
                        summary.add("-" + group.onlyInFrom() + " labels under " + group.rubric());
                    }
                }
            }
            List<Truncation> truncation = new ArrayList<>();
            a.reasons().forEach((reason, detail) -> truncation.add(new Truncation(reason, "from: " + detail)));
            b.reasons().forEach((reason, detail) -> truncation.add(new Truncation(reason, "to: " + detail)));
            return new LineageDiffReport(from, to, summary, byKind(onlyA), byKind(onlyB),
                    a.found().size() - onlyA.size(), edgesOnlyA, edgesOnlyB, changes, labels, !truncation.isEmpty(), truncation,
                    asOf.atOffset(ZoneOffset.UTC));
        });
    }

    private Lineage.Walk side(GraphReader.Reads reads, String field, String ref, ZonedDateTime at) {
        List<Record> root = reads.run("lineage/root.cypher", Map.of("ref", ref));
        if (root.isEmpty() || root.get(0).get("node").get("kind").isNull()) {
            throw ProvenantError.notFound(field, ref);
        }
        Node node = root.get(0).get("node").asNode();
        if (node.get("registeredAt").asZonedDateTime().isAfter(at)) {
            throw ProvenantError.notFoundAsOf(field, ref, at.toInstant().toString(), node.get("registeredAt").asZonedDateTime().toInstant().toString());
        }
        Lineage.Walk walk = new Lineage.Walk();
        walk.found().put(ref, Lineage.Found.root(node));
        Lineage.walk(reads, List.of(ref), LineageSide.UPSTREAM, MAX_DEPTH, MADE_FROM, at, maxNodes, true, walk);
        return walk;
    }

    private static List<String> datasets(Lineage.Walk walk) {
        return walk.found().keySet().stream().filter(ref -> ref.startsWith(Kind.DATASET.id() + ":")).sorted().toList();
    }

    /** "kind:key" → versions, for refs of one side. */
    private static Map<String, TreeSet<String>> versions(Set<String> refs) {
        Map<String, TreeSet<String>> versions = new TreeMap<>();
        for (String text : refs) {
            ArtifactRef ref = ArtifactRef.parse("ref", text);
            versions.computeIfAbsent(ref.kind().id() + ":" + ref.key(), k -> new TreeSet<>()).add(ref.version());
        }
        return versions;
    }

    private static List<KindDiff> byKind(Set<String> refs) {
        Map<Kind, List<String>> grouped = refs.stream().collect(Collectors.groupingBy(r -> ArtifactRef.parse("ref", r).kind(),
                () -> new java.util.EnumMap<>(Kind.class), Collectors.toList()));
        List<KindDiff> diffs = new ArrayList<>();
        grouped.forEach((kind, list) -> diffs.add(new KindDiff(kind, list.size(), list.subList(0, Math.min(MAX_LISTED, list.size())))));
        return diffs;
    }
}
