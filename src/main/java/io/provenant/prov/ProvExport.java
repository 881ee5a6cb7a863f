package io.provenant.prov;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.provenant.lineage.Lineage;
import io.provenant.lineage.LineageDirection;
import io.provenant.lineage.LineageGraph;
import io.provenant.lineage.LineageGraph.Truncation;
import io.provenant.lineage.LineageGraph.TruncationReason;
import java.util.IdentityHashMap;

import io.provenant.security.Caller;
import io.provenant.security.Disclosure;
import io.provenant.security.Principal;

/**
 * The lineage of an artifact as PROV-JSON: the answer of {@link Lineage#answer} (the same walk, limits and
 * {@code asOf}, and whatever that answer leaves out for the caller), all of its pages, made into one document by
 * {@link ProvDocument}. PROV-JSON has no place for "this is not all of it", so the export says it beside the
 * document: {@code truncated} with the reasons (depth or exploration limit).
 */
@ApplicationScoped
public class ProvExport {

    public static final int DEFAULT_DEPTH = 10;

    /** A PROV-JSON document and whether the lineage behind it was cut. */
    public record Export(ObjectNode document, boolean truncated, List<Truncation> truncation, OffsetDateTime asOf) {
    }

    @Inject
    Lineage lineage;

    @Inject
    Caller caller;

    @Inject
    Disclosure disclosure;

    public Export export(String ref, LineageDirection direction, Integer maxDepth, OffsetDateTime asOf, Integer maxNodes) {
        // One place for the REST path and the GraphQL field: the root must be readable, and every page is disclosed
        // (placeholders for other projects' nodes, pseudonyms without PII access) before it becomes PROV.
        caller.requireReadOf("ref", ref);
        Principal principal = caller.principal();
        List<LineageGraph.LineageNode> nodes = new ArrayList<>();
        List<LineageGraph.LineageEdge> edges = new ArrayList<>();
        Map<TruncationReason, Truncation> reasons = new LinkedHashMap<>();
        String after = null;
        OffsetDateTime instant = asOf;
        do {
            LineageGraph page = (LineageGraph) disclosure.apply(lineage.answer(lineage.question(ref, direction,
                    maxDepth == null ? DEFAULT_DEPTH : maxDepth, null, null, instant, Lineage.MAX_PAGE, after, maxNodes)),
                    principal, new IdentityHashMap<>());
            nodes.addAll(page.nodes());
            edges.addAll(page.edges());
            page.truncation().stream().filter(t -> t.reason() != TruncationReason.PAGE)
                    .forEach(t -> reasons.putIfAbsent(t.reason(), t));
            instant = page.asOf();
            after = page.pageInfo().hasNextPage() ? page.pageInfo().endCursor() : null;
        } while (after != null);
        return new Export(ProvDocument.of(nodes, edges), !reasons.isEmpty(), List.copyOf(reasons.values()), instant);
    }
}
