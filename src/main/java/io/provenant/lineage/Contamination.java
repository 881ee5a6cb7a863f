package io.provenant.lineage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
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
 * statements per request, whatever the size: the scope, the per-dataset counts with one page of leaks (one pass over
 * the examples), and the page's paths (none for an empty page).
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
            Scan scan = scan(reads.run(scanStatement(training, checked, at, afterSeq, size + 1)), size + 1);
            List<Candidate> page = scan.leaks().subList(0, Math.min(size, scan.leaks().size()));
            Map<List<String>, List<String>> paths = new HashMap<>();
            if (!page.isEmpty()) {
                List<Map<String, Object>> leakParameters = page.stream().map(c -> Map.<String, Object>of(
                        "evalDataset", c.evalDataset(), "example", c.example(), "label", c.labels().get(0))).toList();
                reads.run("lineage/contamination-paths.cypher", Map.of("checkpoint", checkpoint.toString(), "training", training,
                        "leaks", leakParameters, "asOf", at)).forEach(r -> paths.put(List.of(r.get("evalDataset").asString(),
                                r.get("example").asString()), strings(r.get("path"))));
            }
            List<Leak> leaks = new ArrayList<>();
            for (Candidate c : page) {
                leaks.add(new Leak(c.evalDataset(), c.example(), c.labels(),
                        paths.getOrDefault(List.of(c.evalDataset(), c.example()), List.of(c.labels().get(0)))));
            }
            String endCursor = page.isEmpty() ? null : Cursor.encode("leak", page.get(page.size() - 1).seq());
            return new ContaminationReport(checkpoint.toString(), training, scan.counts(), new LeakConnection(leaks,
                    new PageInfo(scan.leaks().size() > size, endCursor)), asOf.atOffset(ZoneOffset.UTC));
        });
    }

    /** A leaked eval example as the scan found it, with the training labels sharing its prompt. */
    record Candidate(String evalDataset, String example, long seq, List<String> labels) {
    }

    /** Per eval dataset its counts, and the first leaks after a sequence over all of them, in registration order. */
    record Scan(List<EvalDatasetCount> counts, List<Candidate> leaks) {
    }

    /**
     * The statement checking the eval examples of {@code evalDatasets} against {@code training}, as of {@code at}:
     * examples and leaks per dataset, and the first {@code limit} leaks after {@code after} (releaseProvenance's
     * warnings use it too). {@link #scan} reads its records.
     */
    static GraphReader.Statement scanStatement(List<String> training, List<String> evalDatasets, ZonedDateTime at, long after,
            int limit) {
        return new GraphReader.Statement("lineage/contamination-leaks.cypher", Map.of("training", training,
                "evalDatasets", evalDatasets, "asOf", at, "after", after, "limit", limit));
    }

    /** The records of {@link #scanStatement}: the counts per eval dataset, and its first {@code limit} leaks. */
    static Scan scan(List<Record> rows, int limit) {
        List<EvalDatasetCount> counts = new ArrayList<>();
        List<Candidate> leaks = new ArrayList<>();
        for (Record r : rows) {
            String dataset = r.get("evalDataset").asString();
            counts.add(new EvalDatasetCount(dataset, r.get("examples").asLong(), r.get("leaked").asLong()));
            for (Value leak : r.get("leaks").values()) {
                leaks.add(new Candidate(dataset, leak.get("example").asString(), leak.get("seq").asLong(),
                        strings(leak.get("labels"))));
            }
        }
        leaks.sort(Comparator.comparingLong(Candidate::seq).thenComparing(Candidate::evalDataset));
        return new Scan(counts, List.copyOf(leaks.subList(0, Math.min(limit, leaks.size()))));
    }

    private static List<String> strings(Value value) {
        return value.isNull() ? List.of() : value.asList(Value::asString);
    }
}
