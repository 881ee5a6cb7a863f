package io.provenant.lineage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import io.provenant.api.ProvenantError;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.Kind;
import io.provenant.graph.GraphReader;

/**
 * contamination(checkpoint): held-out / eval examples whose normalized prompt digest
 * ({@link io.provenant.artifact.Digests#promptDigest}) also reaches the checkpoint's training data. Three Neo4j
 * statements per request (scope, per-dataset counts, one page of leaks with a path each), whatever the size.
 */
@ApplicationScoped
public class Contamination {

    public static final int MAX_PAGE = 1_000;
    /** Most eval datasets one question may name (each is a parameter of every statement). */
    static final int MAX_EVAL_DATASETS = 100;

    @Inject
    GraphReader graph;

    /** The answer. */
    @Description("Eval / held-out examples whose prompt also reaches a checkpoint's training data.")
    public record ContaminationReport(@NonNull String checkpoint,
            @NonNull @Description("Datasets the training runs behind the checkpoint used.") List<@NonNull String> trainingDatasets,
            @NonNull List<@NonNull EvalDatasetCount> evalDatasets,
            @NonNull @Description("Leaked examples, paged in registration order.") LeakConnection leaks,
            @NonNull OffsetDateTime asOf) {
    }

    /** Examples checked and leaked in one eval dataset. */
    public record EvalDatasetCount(@NonNull String dataset, @NonNull long examples, @NonNull long leaked) {
    }

    /** One leaked eval example. */
    public record Leak(@NonNull String evalDataset, @NonNull String example,
            @NonNull @Description("Training labels with the same normalized prompt.") List<@NonNull String> trainingLabels,
            @NonNull @Description("How it leaked: checkpoint … training run → dataset → member (→ resolved label).") List<@NonNull String> path) {
    }

    /** A page of leaks. */
    public record LeakConnection(@NonNull List<@NonNull Leak> nodes, @NonNull PageInfo pageInfo) {
    }

    public ContaminationReport answer(String checkpointText, List<String> evalDatasetTexts, OffsetDateTime asOfTime, Integer first, String after) {
        ArtifactRef checkpoint = ArtifactRef.parse("checkpoint", checkpointText, Kind.CHECKPOINT);
        if (evalDatasetTexts != null && evalDatasetTexts.size() > MAX_EVAL_DATASETS) {
            throw ProvenantError.invalid("evalDatasets", "names " + evalDatasetTexts.size() + " datasets; at most "
                    + MAX_EVAL_DATASETS + " are allowed.");
        }
        List<String> evalDatasets = evalDatasetTexts == null ? null : java.util.stream.IntStream.range(0, evalDatasetTexts.size())
                .mapToObj(i -> ArtifactRef.parse("evalDatasets[" + i + "]", evalDatasetTexts.get(i), Kind.DATASET).toString())
                .toList();
        int size = Cursor.pageSize("first", first, 50, MAX_PAGE);
        long afterSeq = Cursor.decode("after", "leak", after);
        Instant asOf = asOfTime == null ? Instant.now().truncatedTo(ChronoUnit.MICROS) : asOfTime.toInstant();
        ZonedDateTime at = asOf.atZone(ZoneOffset.UTC);
        return graph.read(reads -> {
            Map<String, Object> scopeParameters = new HashMap<>();
            scopeParameters.put("checkpoint", checkpoint.toString());
            scopeParameters.put("evalDatasets", evalDatasets);
            scopeParameters.put("asOf", at);
            List<Record> scope = reads.run("lineage/contamination-scope.cypher", scopeParameters);
            if (scope.isEmpty()) {
                throw ProvenantError.notFound("checkpoint", checkpoint.toString());
            }
            List<String> training = strings(scope.get(0).get("training"));
            List<String> missing = strings(scope.get(0).get("missing"));
            if (!missing.isEmpty()) {
                int index = evalDatasets.indexOf(missing.get(0));
                throw ProvenantError.notFound("evalDatasets[" + index + "]", missing.get(0));
            }
            List<String> checked = strings(scope.get(0).get("evalDatasets"));
            Map<String, Object> parameters = Map.of("checkpoint", checkpoint.toString(), "training", training,
                    "evalDatasets", checked, "asOf", at, "after", afterSeq, "limit", size + 1);
            List<EvalDatasetCount> counts = reads.run("lineage/contamination-summary.cypher", parameters).stream()
                    .map(r -> new EvalDatasetCount(r.get("evalDataset").asString(), r.get("examples").asLong(), r.get("leaked").asLong()))
                    .toList();
            List<Record> rows = reads.run("lineage/contamination-leaks.cypher", parameters);
            List<Leak> leaks = new ArrayList<>();
            for (Record r : rows.subList(0, Math.min(size, rows.size()))) {
                leaks.add(new Leak(r.get("evalDataset").asString(), r.get("example").asString(), strings(r.get("labels")),
                        strings(r.get("path"))));
            }
            String endCursor = leaks.isEmpty() ? null : Cursor.encode("leak", rows.get(leaks.size() - 1).get("seq").asLong());
            return new ContaminationReport(checkpoint.toString(), training, counts, new LeakConnection(leaks,
                    new PageInfo(rows.size() > size, endCursor)), asOf.atOffset(ZoneOffset.UTC));
        });
    }

    private static List<String> strings(Value value) {
        return value.isNull() ? List.of() : value.asList(Value::asString);
    }
}
