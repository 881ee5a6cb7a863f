package io.provenant.lineage;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.provenant.artifact.EdgeType;
import io.provenant.graph.GraphFreshness;
import io.provenant.artifact.Kind;
import io.provenant.security.Guarded;

/** The lineage questions of SPEC §3. */
@GraphQLApi
@Guarded
public class LineageApi {

    @Inject
    GraphFreshness.Probe freshness;

    @Inject
    Lineage lineage;

    @Inject
    Provenance provenance;

    @Inject
    Contamination contamination;

    @Inject
    Impact impact;

    @Inject
    LineageDiff lineageDiff;

    @Query
    @Description("The lineage graph around an artifact, as of an instant, paged; says why it is cut when it is."
            + " maxDepth 1..50 (default 5); maxNodes bounds the walk (default 10,000); first 1..1000 (default 100).")
    public @NonNull LineageGraph lineage(@NonNull String ref, @DefaultValue("UPSTREAM") LineageDirection direction,
            @DefaultValue("5") Integer maxDepth, List<Kind> kinds, List<EdgeType> edgeTypes,
            OffsetDateTime asOf, @DefaultValue("100") Integer first, String after, Integer maxNodes) {
        return lineage.answer(lineage.question(ref, direction, maxDepth, kinds, edgeTypes, asOf, first, after, maxNodes));
    }

    @Query
    @Description("Which labels, under which rubric versions, produced a release: the chain behind it, its labels grouped by"
            + " rubric version (counts, distribution, paged labels and reviewers), the eval evidence, and warnings.")
    public @NonNull ReleaseProvenance releaseProvenance(@NonNull String release, OffsetDateTime asOf) {
        return provenance.answer(release, asOf);
    }

    @Description("The labels of this group, paged in registration order (first 1..1000, default 50).")
    public @NonNull List<ReleaseProvenance.@NonNull LabelConnection> labels(@Source List<ReleaseProvenance.RubricGroup> groups,
            @DefaultValue("50") Integer first, String after) {
        return provenance.labels(groups, first, after);
    }

    @Description("The reviewers of this group's labels, paged (first 1..1000, default 50).")
    public @NonNull List<ReleaseProvenance.@NonNull ReviewerConnection> reviewers(@Source List<ReleaseProvenance.RubricGroup> groups,
            @DefaultValue("50") Integer first, String after) {
        return provenance.reviewers(groups, first, after);
    }

    @Query
    @Description("Held-out / eval examples whose normalized prompt also reaches the checkpoint's training data: counts per"
            + " eval dataset and the leaks, paged, each with the path by which it leaked. evalDatasets defaults to the"
            + " datasets of the eval runs that evaluated the checkpoint.")
    @NonNull
    public Contamination.ContaminationReport contamination(@NonNull String checkpoint, List<String> evalDatasets,
            OffsetDateTime asOf, @DefaultValue("50") Integer first, String after) {
        return contamination.answer(checkpoint, evalDatasets, asOf, first, after);
    }

    @Query
    @Description("Everything downstream of an artifact (a rubric or policy version, a reviewer, a dataset, …) or of a data"
            + " subject's feedback (consentSubject), ending in the checkpoints and releases affected, with counts per kind"
            + " and one path to each affected release. Name exactly one of ref and consentSubject.")
    @NonNull
    public Impact.ImpactReport impact(String ref, String consentSubject, OffsetDateTime asOf, Integer maxNodes) {
        return impact.answer(ref, consentSubject, asOf, maxNodes);
    }

    @Query
    @Description("What differs between what two artifacts (typically two releases) were made from: artifacts and edges only"
            + " on one side grouped by kind, version changes of the same keys, labels per rubric version, and a summary.")
    @NonNull
    public LineageDiff.LineageDiffReport lineageDiff(@NonNull String from, @NonNull String to, OffsetDateTime asOf) {
        return lineageDiff.answer(from, to, asOf);
    }

    @Description("How current the graph behind this answer is (lineage answers come from Neo4j alone).")
    public @NonNull GraphFreshness freshness(@Source LineageGraph graph) {
        return freshness.now();
    }

    @Description("How current the graph behind this answer is (lineage answers come from Neo4j alone).")
    public @NonNull GraphFreshness freshness(@Source Impact.ImpactReport report) {
        return freshness.now();
    }

    @Description("How current the graph behind this answer is (lineage answers come from Neo4j alone).")
    public @NonNull GraphFreshness freshness(@Source Contamination.ContaminationReport report) {
        return freshness.now();
    }

    @Description("How current the graph behind this answer is (lineage answers come from Neo4j alone).")
    public @NonNull GraphFreshness freshness(@Source LineageDiff.LineageDiffReport report) {
        return freshness.now();
    }
}
