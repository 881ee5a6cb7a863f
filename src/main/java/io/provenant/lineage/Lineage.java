package io.provenant.lineage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.types.Node;

import io.provenant.api.Cursor;
import io.provenant.api.PageInfo;
import io.provenant.api.ProvenantError;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.EdgeType;
import io.provenant.artifact.Kind;
import io.provenant.graph.GraphReader;
import io.provenant.lineage.LineageGraph.Attribute;
import io.provenant.lineage.LineageGraph.LineageEdge;
import io.provenant.lineage.LineageGraph.LineageNode;
import io.provenant.lineage.LineageGraph.LineageSide;
import io.provenant.lineage.LineageGraph.Truncation;
import io.provenant.lineage.LineageGraph.TruncationReason;

/**
 * The lineage question: a breadth-first walk from one artifact, one Cypher statement per hop inside one read
 * transaction (so a request costs at most maxDepth + 2 statements per direction, and one each for the page's nodes
 * and edges, whatever the graph's size), bounded by depth and by the number of nodes explored, as the registry knew it at
 * {@code asOf}.
 *
 * <p>The walk always passes through every kind; {@code kinds} only filters the nodes returned (the root is
 * always returned) and {@code edgeTypes} restricts the edges walked. A hop past maxDepth is only a probe: it
 * collects the edges among nodes already found and tells whether anything lies beyond (DEPTH_LIMIT).
 * Pages are cut from one snapshot: the first page fixes {@code asOf} and every cursor carries it.
 */
@ApplicationScoped
public class Lineage {

    public static final int MAX_DEPTH = 50;
    public static final int MAX_PAGE = 1_000;
    private static final String CURSOR = "lineage";
    private static final Set<String> COMMON = Set.of("ref", "kind", "key", "version", "project", "digest",
            "registeredAt", "registeredBy", "seq");

    @Inject
    GraphReader graph;

    @ConfigProperty(name = "provenant.lineage.max-nodes", defaultValue = "10000")
    int defaultMaxNodes;

    @ConfigProperty(name = "provenant.lineage.max-nodes-limit", defaultValue = "50000")
    int maxNodesLimit;

    /** The walk's node budget a question asked for: the configured default, checked against the configured limit. */
    int maxNodes(Integer requested) {
        int nodes = requested == null ? defaultMaxNodes : requested;
        if (nodes < 1 || nodes > maxNodesLimit) {
            throw ProvenantError.invalid("maxNodes", "is " + nodes + "; it must be between 1 and " + maxNodesLimit + ".");
        }
        return nodes;
    }

    /** The arguments of a lineage question, checked. */
    public record Question(ArtifactRef ref, LineageDirection direction, int maxDepth, Set<Kind> kinds,
            Set<EdgeType> edgeTypes, Instant asOf, int first, long afterDepth, long afterSeq, int maxNodes) {
    }

    public Question question(String ref, LineageDirection direction, Integer maxDepth, List<Kind> kinds,
            List<EdgeType> edgeTypes, OffsetDateTime asOf, Integer first, String after, Integer maxNodes) {
        ArtifactRef root = ArtifactRef.parse("ref", ref);
        int depth = maxDepth == null ? 5 : maxDepth;
        if (depth < 1 || depth > MAX_DEPTH) {
            throw ProvenantError.invalid("maxDepth", "is " + depth + "; it must be between 1 and " + MAX_DEPTH + ".");
        }
        int nodes = maxNodes(maxNodes);
        int size = Cursor.pageSize("first", first, 100, MAX_PAGE);
        Instant instant = asOf == null ? null : asOf.toInstant().truncatedTo(ChronoUnit.MICROS);
        long afterDepth = -1;
        long afterSeq = -1;
        if (after != null) {
            long[] position = Cursor.decode("after", CURSOR, after, 3);
            Instant cursorAsOf = Instant.EPOCH.plus(position[0], ChronoUnit.MICROS);
            if (instant != null && !instant.equals(cursorAsOf)) {
                throw ProvenantError.invalid("after", "this cursor belongs to the answer as of " + cursorAsOf
                        + "; pass the same asOf or none.");
            }
            instant = cursorAsOf;
            afterDepth = position[1];
            afterSeq = position[2];
        }
        if (instant == null) {
            instant = Instant.now().truncatedTo(ChronoUnit.MICROS);
        }
        return new Question(root, direction == null ? LineageDirection.UPSTREAM : direction, depth,
                kinds == null || kinds.isEmpty() ? EnumSet.allOf(Kind.class) : EnumSet.copyOf(kinds),
                edgeTypes == null || edgeTypes.isEmpty() ? EnumSet.noneOf(EdgeType.class) : EnumSet.copyOf(edgeTypes),
                instant, size, afterDepth, afterSeq, nodes);
    }

    /**
     * A node the walk reached: how far from a root, on which side, and from which node (null for a root). The walk
     * carries only ref, journal sequence and kind (the ref's prefix); the page's nodes are read whole afterwards
     * (nodes.cypher): reading every reached node whole made lineage 4× slower than the same walk by hand (bench,
     * size M, 10,000 nodes).
     */
    record Found(String ref, long seq, String kind, int depth, LineageSide side, String parent) {

        static Found root(Node node) {
            return new Found(node.get("ref").asString(), node.get("seq").asLong(), node.get("kind").asString(), 0,
                    LineageSide.ROOT, null);
        }

        /** A node reached by the walk, its kind read from the ref's prefix. */
        static Found reached(String ref, long seq, int depth, LineageSide side, String parent) {
            return new Found(ref, seq, ref.substring(0, ref.indexOf(':')), depth, side, parent);
        }
    }

    record EdgeKey(String from, EdgeType type, String to) {
    }

    /**
     * What a walk found; maps and set keep discovery order. {@code unexpanded}: per side, the frontier a walk left
     * unexpanded once its node budget was spent ({@link #walk}).
     */
    record Walk(Map<String, Found> found, Set<EdgeKey> edges, Map<TruncationReason, String> reasons,
            Map<LineageSide, List<String>> unexpanded) {
        Walk() {
            this(new LinkedHashMap<>(), new LinkedHashSet<>(), new EnumMap<>(TruncationReason.class), new EnumMap<>(LineageSide.class));
        }
    }

    /** A node a hop reached, with its registration and the frontier nodes it was reached from ([ref, edge type]). */
    private record Reached(String ref, long seq, List<String[]> near) {
    }

    public LineageGraph answer(Question q) {
        ZonedDateTime asOf = q.asOf().atZone(ZoneOffset.UTC);
        List<String> types = q.edgeTypes().stream().map(Enum::name).toList();
        Walk walk = new Walk();

        return graph.read(reads -> {
            List<Record> root = reads.run("lineage/root.cypher", Map.of("ref", q.ref().toString()));
            Node rootNode = root.isEmpty() ? null : root.get(0).get("node").asNode();
            if (rootNode == null || rootNode.get("kind").isNull()) {
                throw ProvenantError.notFound("ref", q.ref().toString());
            }
            if (rootNode.get("registeredAt").asZonedDateTime().isAfter(asOf)) {
                throw ProvenantError.notFoundAsOf("ref", q.ref().toString(), q.asOf().toString(),
                        rootNode.get("registeredAt").asZonedDateTime().toInstant().toString());
            }
            walk.found().put(q.ref().toString(), Found.root(rootNode));
            for (LineageSide side : sides(q.direction())) {
                walk(reads, List.of(q.ref().toString()), side, q.maxDepth(), types, asOf, q.maxNodes(), false, walk);
            }
            return page(reads, q, rootNode, walk, types, asOf);
        });
    }

    /**
     * One breadth-first walk from {@code roots} (already in {@code walk.found()}) to {@code maxDepth}, one
     * statement per hop plus a probe past the last hop, exploring at most {@code maxNodes} nodes in all.
     *
     * <p>Once the budget is spent and the walk is known to be cut (EXPLORATION_LIMIT), the next hop could only add
     * edges among nodes already found: unless {@code everyEdge}, it is not run, and its frontier is left in
     * {@code walk.unexpanded()} for the page to read the edges of its own nodes among them ({@link #page}). At the
     * bench's M release that hop was 9,987 labels' 29,972 edges, a third of the walk. A probe hop still runs (it may
     * find DEPTH_LIMIT).
     */
    static void walk(GraphReader.Reads reads, List<String> roots, LineageSide side, int maxDepth, List<String> types,
            ZonedDateTime asOf, int maxNodes, boolean everyEdge, Walk walk) {
        Map<String, Found> found = walk.found();
        Map<TruncationReason, String> reasons = walk.reasons();
        int rowLimit = rowLimit(maxNodes);
        List<String> frontier = roots;
        for (int depth = 0; depth <= maxDepth && !frontier.isEmpty(); depth++) {
            boolean probe = depth == maxDepth;
            if (!everyEdge && !probe && found.size() >= maxNodes && reasons.containsKey(TruncationReason.EXPLORATION_LIMIT)) {
                walk.unexpanded().put(side, frontier);
                return;
            }
            List<Reached> reached = hop(reads, side, frontier, types, asOf, null, rowLimit);
            int edges = reached.stream().mapToInt(r -> r.near().size()).sum();
            if (edges == rowLimit) {
                // the statement cut at an edge; edges to the last node it reached may be cut too, so that node is left
                // out (unless it is all there is), which makes the cut the same on every page
                if (reached.size() > 1) {
                    edges -= reached.remove(reached.size() - 1).near().size();
                }
                reasons.putIfAbsent(TruncationReason.EXPLORATION_LIMIT, "hop " + (depth + 1) + " " + side.name().toLowerCase()
                        + " has more than " + rowLimit + " edges; the first " + edges + " were walked.");
            }
            List<String> next = new ArrayList<>();
            for (Reached other : reached) {
                for (String[] near : other.near()) {
                    EdgeKey edge = edge(side, near, other.ref());
                    if (found.containsKey(other.ref())) {
                        walk.edges().add(edge);
                    } else if (probe) {
                        reasons.putIfAbsent(TruncationReason.DEPTH_LIMIT, beyondDepth(maxDepth));
                    } else if (found.size() >= maxNodes) {
                        reasons.putIfAbsent(TruncationReason.EXPLORATION_LIMIT, stoppedAtMaxNodes(maxNodes));
                    } else {
                        found.put(other.ref(), Found.reached(other.ref(), other.seq(), depth + 1, side, near[0]));
                        walk.edges().add(edge);
                        next.add(other.ref());
                    }
                }
            }
            frontier = next;
        }
    }

    /**
     * One hop (hop-upstream.cypher or hop-downstream.cypher) from {@code frontier}, at most {@code limit} edges (only to
     * nodes in {@code within}, when given): the nodes reached in the walk's order, by registration, each with its near
     * nodes by ref, then edge type (ties within one reached node, in a stable order).
     */
    private static List<Reached> hop(GraphReader.Reads reads, LineageSide side, List<String> frontier, List<String> types,
            ZonedDateTime asOf, List<String> within, int limit) {
        Comparator<String[]> order = Comparator.<String[], String>comparing(n -> n[0]).thenComparing(n -> n[1]);
        List<Reached> reached = new ArrayList<>();
        for (Record row : reads.run(hopStatement(side, frontier, types, asOf, within, limit))) {
            List<String[]> near = row.get("near").asList(v -> new String[] {v.get(0).asString(), v.get(1).asString()});
            if (near.size() > 1) {
                near = new ArrayList<>(near);
                near.sort(order);
            }
            reached.add(new Reached(row.get("ref").asString(), row.get("seq").asLong(), near));
        }
        return reached;
    }

    /**
     * The statement of one {@link #hop}: the edge types (EdgeType names, as Cypher relationship types) and
     * {@code within} are clauses it fills only when given (hop-upstream.cypher). Public for LineageTest, which plans it.
     */
    public static GraphReader.Statement hopStatement(LineageSide side, List<String> frontier, List<String> types,
            ZonedDateTime asOf, List<String> within, int limit) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("frontier", frontier);
        parameters.put("asOf", asOf);
        parameters.put("limit", limit);
        Map<String, String> clauses = new HashMap<>();
        if (!types.isEmpty()) {
            clauses.put("types", ":" + String.join("|", types));
        }
        if (within != null) {
            parameters.put("within", within);
            clauses.put("within", " AND b.ref IN $within");
        }
        return new GraphReader.Statement(side == LineageSide.UPSTREAM ? "lineage/hop-upstream.cypher" : "lineage/hop-downstream.cypher",
                parameters, clauses);
    }

    /** The edge between a near node ([ref, type]) and the node a hop reached from it, pointing from newer to older. */
    private static EdgeKey edge(LineageSide side, String[] near, String other) {
        EdgeType type = EdgeType.valueOf(near[1]);
        return side == LineageSide.UPSTREAM ? new EdgeKey(near[0], type, other) : new EdgeKey(other, type, near[0]);
    }

    /** The most rows one statement of a walk may return (a hop's edges; impact's artifacts downstream). */
    static int rowLimit(int maxNodes) {
        return Math.max(10_000, 4 * maxNodes);
    }

    /** The DEPTH_LIMIT detail of a walk (also impact's). */
    static String beyondDepth(int maxDepth) {
        return "artifacts lie beyond maxDepth " + maxDepth + ".";
    }

    /** The EXPLORATION_LIMIT detail of a walk cut at maxNodes (also impact's). */
    static String stoppedAtMaxNodes(int maxNodes) {
        return "the walk stopped at maxNodes " + maxNodes + "; artifacts were left unexplored.";
    }

    private static List<LineageSide> sides(LineageDirection direction) {
        return switch (direction) {
            case UPSTREAM -> List.of(LineageSide.UPSTREAM);
            case DOWNSTREAM -> List.of(LineageSide.DOWNSTREAM);
            case BOTH -> List.of(LineageSide.UPSTREAM, LineageSide.DOWNSTREAM);
        };
    }

    private LineageGraph page(GraphReader.Reads reads, Question q, Node rootNode, Walk walk, List<String> types,
            ZonedDateTime asOf) {
        Map<String, Found> found = walk.found();
        Map<TruncationReason, String> reasons = walk.reasons();
        List<Found> ordered = found.values().stream()
                .filter(f -> f.side() == LineageSide.ROOT || q.kinds().contains(Kind.fromId("kind", f.kind())))
                .sorted(Comparator.comparingInt(Found::depth).thenComparingLong(Found::seq)).toList();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            position.put(ordered.get(i).ref(), i);
        }
        int start = 0;
        while (start < ordered.size() && (ordered.get(start).depth() < q.afterDepth()
                || (ordered.get(start).depth() == q.afterDepth() && ordered.get(start).seq() <= q.afterSeq()))) {
            start++;
        }
        int end = Math.min(ordered.size(), start + q.first());
        Map<String, Node> read = new HashMap<>();
        read.put(rootNode.get("ref").asString(), rootNode);
        List<String> missing = ordered.subList(start, end).stream().map(Found::ref).filter(ref -> !read.containsKey(ref))
                .toList();
        if (!missing.isEmpty()) {
            reads.run("lineage/nodes.cypher", Map.of("refs", missing))
                    .forEach(r -> read.put(r.get("node").get("ref").asString(), r.get("node").asNode()));
        }
        List<LineageNode> nodes = ordered.subList(start, end).stream().map(f -> node(read.get(f.ref()), f, q.asOf())).toList();

        // Each edge goes with the page of its later end, so that over all pages every edge comes once.
        TreeMap<Integer, List<EdgeKey>> byPage = new TreeMap<>();
        for (EdgeKey edge : walk.edges()) {
            Integer from = position.get(edge.from());
            Integer to = position.get(edge.to());
            if (from != null && to != null) {
                byPage.computeIfAbsent(Math.max(from, to), k -> new ArrayList<>()).add(edge);
            }
        }
        Set<EdgeKey> onPage = new LinkedHashSet<>();
        byPage.subMap(start, end).values().forEach(onPage::addAll);
        // The edges from this page's nodes that the walk left unexpanded to nodes on this page or an earlier one: the
        // hop the walk did not run, for these nodes only.
        for (Map.Entry<LineageSide, List<String>> left : walk.unexpanded().entrySet()) {
            int from = start;
            int to = end;
            List<String> mine = left.getValue().stream().filter(ref -> {
                Integer at = position.get(ref);
                return at != null && at >= from && at < to;
            }).toList();
            if (!mine.isEmpty()) {
                List<String> within = ordered.subList(0, end).stream().map(Found::ref).toList();
                for (Reached other : hop(reads, left.getKey(), mine, types, asOf, within, Integer.MAX_VALUE)) {
                    other.near().forEach(near -> onPage.add(edge(left.getKey(), near, other.ref())));
                }
            }
        }
        List<LineageEdge> pageEdges = pageEdges(reads, List.copyOf(onPage));

        boolean more = end < ordered.size();
        String endCursor = null;
        if (end > start) {
            Found last = ordered.get(end - 1);
            endCursor = Cursor.encode(CURSOR, ChronoUnit.MICROS.between(Instant.EPOCH, q.asOf()), last.depth(), last.seq());
        }
        if (more) {
            reasons.put(TruncationReason.PAGE, (ordered.size() - end) + " more nodes on later pages.");
        }
        List<Truncation> truncation = new ArrayList<>();
        reasons.forEach((reason, detail) -> truncation.add(new Truncation(reason, detail)));
        return new LineageGraph(node(rootNode, found.get(q.ref().toString()), q.asOf()), nodes, pageEdges,
                new PageInfo(more, endCursor), ordered.size(), !truncation.isEmpty(), truncation, q.asOf().atOffset(ZoneOffset.UTC));
    }

    /** The page's edges with when each was registered (one statement; the walk does not carry it). */
    private static List<LineageEdge> pageEdges(GraphReader.Reads reads, List<EdgeKey> edges) {
        if (edges.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> keys = edges.stream()
                .map(e -> Map.<String, Object>of("from", e.from(), "type", e.type().name(), "to", e.to())).toList();
        Map<EdgeKey, ZonedDateTime> since = new HashMap<>();
        for (Record r : reads.run("lineage/edge-since.cypher", Map.of("edges", keys))) {
            since.put(new EdgeKey(r.get("from").asString(), EdgeType.valueOf(r.get("type").asString()), r.get("to").asString()),
                    r.get("since").asZonedDateTime());
        }
        return edges.stream().map(e -> new LineageEdge(e.from(), e.type(), e.to(), since.get(e).toOffsetDateTime())).toList();
    }

    private static LineageNode node(Node n, Found f, Instant asOf) {
        Map<String, String> attributes = new TreeMap<>();
        for (String name : n.keys()) {
            if (!COMMON.contains(name)) {
                attributes.put(name, display(n.get(name)));
            }
        }
        if (n.containsKey("sealedAt")) {
            boolean sealed = !n.get("sealedAt").asZonedDateTime().toInstant().isAfter(asOf);
            attributes.put("sealed", Boolean.toString(sealed));
            if (!sealed) {
                attributes.keySet().removeAll(Set.of("sealedAt", "contentDigest", "memberCount", "memberRubrics"));
            }
        }
        List<Attribute> list = new ArrayList<>();
        attributes.forEach((name, value) -> list.add(new Attribute(name, value)));
        return new LineageNode(n.get("ref").asString(), Kind.fromId("kind", n.get("kind").asString()), n.get("key").asString(),
                n.get("version").asString(), n.get("project").asString(), n.get("registeredAt").asZonedDateTime().toOffsetDateTime(),
                n.get("registeredBy").asString(null), n.get("digest").asString(null), f.depth(), f.side(), list, false);
    }

    private static String display(Value value) {
        return switch (value.type().name()) {
            case "DATE_TIME" -> value.asZonedDateTime().toInstant().toString();
            case "STRING" -> value.asString();
            default -> value.toString();
        };
    }
}
