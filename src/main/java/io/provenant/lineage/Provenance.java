package io.provenant.lineage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import io.provenant.api.Cursor;
import io.provenant.api.PageInfo;
import io.provenant.api.ProvenantError;
import io.provenant.artifact.AdjudicationInput;
import io.provenant.artifact.Artifact;
import io.provenant.artifact.ArtifactCatalog;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.DatasetSplit;
import io.provenant.artifact.FeedbackEventInput;
import io.provenant.artifact.JudgmentInput;
import io.provenant.artifact.Kind;
import io.provenant.artifact.RegistrationInput;
import io.provenant.artifact.RegistrationPayloads;
import io.provenant.graph.GraphReader;
import io.provenant.lineage.ReleaseProvenance.GroupReviewer;
import io.provenant.lineage.ReleaseProvenance.LabelConnection;
import io.provenant.lineage.ReleaseProvenance.LabelCount;
import io.provenant.lineage.ReleaseProvenance.ProvenanceLabel;
import io.provenant.lineage.ReleaseProvenance.ProvenanceWarning;
import io.provenant.lineage.ReleaseProvenance.ReviewerConnection;
import io.provenant.lineage.ReleaseProvenance.RubricGroup;
import io.provenant.lineage.ReleaseProvenance.WarningCode;

/**
 * releaseProvenance: the chain behind a release and its labels grouped by rubric version. The counts and
 * distributions are aggregated in Neo4j; labels and reviewers are paged, for all groups of a request in one
 * statement each (batched fields). A request costs 7 Neo4j statements and 1 PostgreSQL query for the
 * answer, plus 1 + 1 for a page of labels (2 + 1 when a group's labels are sparse among other artifacts;
 * reviewers are paged from what the answer counted), whatever the number of labels.
 */
@ApplicationScoped
public class Provenance {

    public static final int MAX_PAGE = 1_000;
    /** Leaked eval examples named one by one among the warnings; contamination(checkpoint) pages through all. */
    static final int MAX_LEAK_WARNINGS = 100;
    /**
     * Artifacts a page of labels may scan in journal order per label it needs, before it reads the group's labels
     * whole instead (see provenance-labels-ordered.cypher).
     */
    public static final int SCAN_PER_LABEL = 10;
    /** Refs named in a CONSENT_MISSING warning. */
    private static final int SAMPLE = 10;

    @Inject
    GraphReader graph;

    @Inject
    ArtifactCatalog catalog;

    @Inject
    RegistrationPayloads payloads;

    private record Chain(String release, String gate, String checkpoint, List<String> checkpoints, List<String> runs,
            List<String> datasets, List<String> evalRuns, List<String> evalDatasets) {
    }

    public ReleaseProvenance answer(String releaseText, OffsetDateTime asOfTime) {
        ArtifactRef release = ArtifactRef.parse("release", releaseText, Kind.RELEASE);
        Instant asOf = asOfTime == null ? Instant.now().truncatedTo(ChronoUnit.MICROS) : asOfTime.toInstant();
        ZonedDateTime at = asOf.atZone(ZoneOffset.UTC);
        List<ProvenanceWarning> warnings = new ArrayList<>();
        Map<String, RubricGroupBuilder> groups = new LinkedHashMap<>();
        Chain chain = graph.read(reads -> {
            List<Record> rows = reads.run("lineage/provenance-chain.cypher", Map.of("ref", release.toString(), "asOf", at));
            if (rows.isEmpty()) {
                List<Record> root = reads.run("lineage/root.cypher", Map.of("ref", release.toString()));
                if (!root.isEmpty() && !root.get(0).get("node").get("registeredAt").isNull()) {
                    throw ProvenantError.notFoundAsOf("release", release.toString(), asOf.toString(),
                            root.get(0).get("node").get("registeredAt").asZonedDateTime().toInstant().toString());
                }
                throw ProvenantError.notFound("release", release.toString());
            }
            Record row = rows.get(0);
            Chain found = new Chain(row.get("release").asString(), nullable(row.get("gate")), row.get("checkpoint").asString(),
                    strings(row.get("checkpoints")), strings(row.get("runs")), strings(row.get("datasets")),
                    strings(row.get("evalRuns")), strings(row.get("evalDatasets")));
            return found;
        });
        analyze(chain.runs(), chain.datasets(), chain.evalDatasets(), at, warnings, groups);

        Set<ArtifactRef> refs = new LinkedHashSet<>();
        refs.add(release);
        if (chain.gate() != null) {
            refs.add(ArtifactRef.parse("gate", chain.gate()));
        }
        List<String> all = new ArrayList<>(List.of(chain.checkpoint()));
        all.addAll(chain.checkpoints());
        all.addAll(chain.runs());
        all.addAll(chain.datasets());
        all.addAll(chain.evalRuns());
        all.addAll(chain.evalDatasets());
        all.forEach(text -> refs.add(ArtifactRef.parse("ref", text)));
        Map<String, Artifact> artifacts = new HashMap<>();
        catalog.findAll(refs).forEach(a -> artifacts.put(a.ref(), a));

        for (String evalDataset : chain.evalDatasets()) {
            String split = payloads.read(Kind.DATASET, artifacts.get(evalDataset).payload()).graphProperties().get("split").toString();
            if (!DatasetSplit.valueOf(split).heldOut()) {
                warnings.add(new ProvenanceWarning(WarningCode.EVAL_DATA_NOT_HELD_OUT, evalDataset + " is a " + split
                        + " split but an eval run the gate read used it.", List.of(evalDataset), 1));
            }
        }
        List<RubricGroup> rubricGroups = groups.values().stream().map(g -> g.build(chain.datasets(), asOf)).toList();
        return new ReleaseProvenance(artifacts.get(release.toString()), chain.gate() == null ? null : artifacts.get(chain.gate()),
                artifacts.get(chain.checkpoint()), ordered(chain.checkpoints(), artifacts), ordered(chain.runs(), artifacts),
                ordered(chain.datasets(), artifacts), ordered(chain.evalRuns(), artifacts), ordered(chain.evalDatasets(), artifacts),
                rubricGroups, warnings, asOf.atOffset(ZoneOffset.UTC));
    }

    /** What a gate needs to know of a checkpoint's training chain: its runs and datasets, and the warnings on them. */
    public record CheckpointFindings(List<String> runs, List<String> datasets, List<ProvenanceWarning> warnings,
            List<String> rewardModelCalibrations) {
    }

    /**
     * The warnings of releaseProvenance for a checkpoint that is not released yet (a gate evaluates it): the
     * chain of runs and datasets behind it, and the eval datasets the gate reads for the held-out check.
     */
    public CheckpointFindings checkpoint(ArtifactRef checkpoint, List<String> evalDatasets, Instant asOf) {
        ZonedDateTime at = asOf.atZone(ZoneOffset.UTC);
        List<ProvenanceWarning> warnings = new ArrayList<>();
        Record chain = graph.read(reads -> {
            List<Record> rows = reads.run("lineage/checkpoint-chain.cypher", Map.of("ref", checkpoint.toString(), "asOf", at));
            if (rows.isEmpty()) {
                throw ProvenantError.notFound("checkpoint", checkpoint.toString());
            }
            return rows.get(0);
        });
        List<String> runs = strings(chain.get("runs"));
        List<String> datasets = strings(chain.get("datasets"));
        List<String> calibrations = analyze(runs, datasets, evalDatasets, at, warnings, new LinkedHashMap<>());
        return new CheckpointFindings(runs, datasets, warnings, calibrations);
    }

    /**
     * The label groups and warnings of a checkpoint's chain: label distribution per rubric version (and consent),
     * revoked consent, reviewer calibration, rubric mixing, unresolved conflicts, reward models without calibration,
     * and eval prompts leaking into training. Their seven statements are independent, each filters by asOf, and they
     * are sent side by side ({@link GraphReader#readEach}). Returns the calibration eval runs of the reward models
     * the chain optimized against.
     */
    private List<String> analyze(List<String> runs, List<String> datasets, List<String> evalDatasets, ZonedDateTime at,
            List<ProvenanceWarning> warnings, Map<String, RubricGroupBuilder> groups) {
        Map<String, Object> scope = Map.of("datasets", datasets, "asOf", at);
        // the longest first: distribution and reviewers (each a pass over every training label, 640 and 500 ms at the
        // bench's size M), the leak scan (320), conflicts (70); mixing (sealed datasets), consent and reward models
        // take ~10-20 ms each
        List<List<Record>> results = graph.readEach(List.of(
                new GraphReader.Statement("lineage/provenance-distribution.cypher", scope),
                new GraphReader.Statement("lineage/provenance-reviewers.cypher", scope),
                Contamination.scanStatement(datasets, evalDatasets, at, -1L, MAX_LEAK_WARNINGS),
                new GraphReader.Statement("lineage/provenance-conflicts.cypher", scope),
                new GraphReader.Statement("lineage/provenance-mixing.cypher", scope),
                new GraphReader.Statement("lineage/provenance-consent.cypher", scope),
                new GraphReader.Statement("lineage/provenance-reward-models.cypher", Map.of("runs", runs, "asOf", at))));
        List<Record> distribution = results.get(0);
        List<Record> reviewers = results.get(1);
        List<Record> leakScan = results.get(2);
        List<Record> conflicts = results.get(3);
        List<Record> mixing = results.get(4);
        List<Record> consent = results.get(5);
        List<Record> rewardModels = results.get(6);

        for (Record r : distribution) {
            RubricGroupBuilder group = groups.computeIfAbsent(r.get("rubric").asString(),
                    rubric -> new RubricGroupBuilder(rubric, nullable(r.get("policy"))));
            group.distribution.merge(r.get("label").asString(), r.get("labels").asLong(), Long::sum);
            group.firstSeq = Math.min(group.firstSeq, r.get("firstSeq").asLong());
            group.lastSeq = Math.max(group.lastSeq, r.get("lastSeq").asLong());
            group.withoutConsent += r.get("withoutConsent").asLong();
            group.withoutConsentSample.addAll(strings(r.get("withoutConsentSample")));
        }
        for (RubricGroupBuilder group : groups.values()) {
            if (group.withoutConsent > 0) {
                List<String> refs = new ArrayList<>(List.of(group.rubric));
                group.withoutConsentSample.stream().sorted().limit(SAMPLE).forEach(refs::add);
                warnings.add(new ProvenanceWarning(WarningCode.CONSENT_MISSING, group.withoutConsent + " label(s) under "
                        + group.rubric + " in the training data were recorded without consent or provenance.", refs, group.withoutConsent));
            }
        }
        for (Record r : consent) {
            List<String> labels = strings(r.get("labels")).stream().sorted().toList();
            List<String> holding = strings(r.get("datasets")).stream().sorted().toList();
            List<String> refs = new ArrayList<>(holding);
            labels.stream().limit(MAX_LEAK_WARNINGS).forEach(refs::add);
            // The subject is named as consent-subject:<id> (pseudonymised without PII access); the reason, free text, is
            // left to consentRevocation(subject).
            warnings.add(new ProvenanceWarning(WarningCode.CONSENT_REVOKED, "Consent of data subject consent-subject:" + r.get("subject").asString()
                    + " was revoked at " + r.get("revokedAt").asZonedDateTime().toInstant() + "; "
                    + labels.size() + " label(s) in " + String.join(", ", holding) + " carry their feedback.", refs, labels.size()));
        }
        for (Record r : reviewers) {
            RubricGroupBuilder group = groups.get(r.get("rubric").asString());
            if (group == null) {
                continue; // labels of a rubric version projected after the distribution pass read the graph (not counted there either)
            }
            group.reviewers.add(new GroupReviewer(r.get("reviewer").asString(), r.get("labels").asLong(),
                    r.get("calibrated").asBoolean()));
            if (!r.get("calibrated").asBoolean()) {
                warnings.add(new ProvenanceWarning(WarningCode.UNCALIBRATED_REVIEWER, r.get("labels").asLong() + " label(s) by "
                        + r.get("reviewer").asString() + " under " + group.rubric + ", which no calibration under that rubric"
                        + " version passed.", List.of(r.get("reviewer").asString(), group.rubric), r.get("labels").asLong()));
            }
        }
        Map<String, Set<String>> rubricsByDataset = new TreeMap<>();
        for (Record r : mixing) {
            rubricsByDataset.computeIfAbsent(r.get("dataset").asString(), k -> new TreeSet<>()).addAll(strings(r.get("rubrics")));
        }
        rubricsByDataset.forEach((dataset, rubrics) -> {
            if (rubrics.size() > 1) {
                List<String> refs = new ArrayList<>(List.of(dataset));
                refs.addAll(rubrics);
                warnings.add(new ProvenanceWarning(WarningCode.DATASET_MIXES_RUBRIC_VERSIONS, dataset + " mixes labels of "
                        + rubrics.size() + " rubric versions: " + String.join(", ", rubrics) + ".", refs, rubrics.size()));
            }
        });
        Contamination.Scan leaks = Contamination.scan(leakScan, MAX_LEAK_WARNINGS);
        for (Contamination.Candidate leak : leaks.leaks()) {
            List<String> refs = new ArrayList<>(List.of(leak.evalDataset(), leak.example()));
            refs.addAll(leak.labels());
            warnings.add(new ProvenanceWarning(WarningCode.EVAL_PROMPT_IN_TRAINING, "The prompt of eval example "
                    + leak.example() + " (" + leak.evalDataset() + ") is also in the training data: "
                    + String.join(", ", leak.labels()) + ". See contamination(checkpoint) for all leaks and their paths.", refs,
                    leak.labels().size()));
        }
        for (Record r : conflicts) {
            List<String> labels = strings(r.get("labels"));
            List<String> refs = new ArrayList<>(List.of(r.get("rubric").asString()));
            labels.stream().limit(MAX_LEAK_WARNINGS).forEach(refs::add);
            warnings.add(new ProvenanceWarning(WarningCode.UNRESOLVED_CONFLICT, labels.size() + " training label(s) under "
                    + r.get("rubric").asString() + " have another judgment of the same item and no adjudication: "
                    + String.join(", ", labels.stream().limit(SAMPLE).toList()) + ". See conflicts(rubric).", refs, labels.size()));
        }
        List<String> calibrations = new ArrayList<>();
        for (Record r : rewardModels) {
            calibrations.addAll(strings(r.get("calibrations")));
            if (strings(r.get("calibrations")).isEmpty()) {
                warnings.add(new ProvenanceWarning(WarningCode.REWARD_MODEL_UNCALIBRATED, r.get("method").asString() + " run "
                        + r.get("run").asString() + " optimized against reward model " + r.get("rewardModel").asString()
                        + ", which no REWARD_MODEL_CALIBRATION eval run evaluated: a proxy-reward risk.",
                        List.of(r.get("run").asString(), r.get("rewardModel").asString()), 1));
            }
        }
        return calibrations;
    }

    /**
     * A page of labels for each group: one Neo4j statement (two when a group's labels are sparse among other artifacts)
     * and one PostgreSQL query for all of them.
     */
    public List<LabelConnection> labels(List<RubricGroup> groups, Integer first, String after) {
        int size = Cursor.pageSize("first", first, 50, MAX_PAGE);
        long afterSeq = Cursor.decode("after", "label", after);
        Map<RubricGroup, List<String>> pages = new HashMap<>();
        Map<RubricGroup, Boolean> more = new HashMap<>();
        Map<RubricGroup, Long> lastSeq = new HashMap<>();
        for (Map.Entry<List<Object>, List<RubricGroup>> scope : byScope(groups).entrySet()) {
            List<RubricGroup> inScope = scope.getValue();
            Map<String, Object> common = Map.of("datasets", scope.getKey().get(0),
                    "asOf", ((Instant) scope.getKey().get(1)).atZone(ZoneOffset.UTC), "limit", size + 1);
            Map<String, Record> byRubric = graph.read(reads -> {
                Map<String, Record> found = new HashMap<>();
                Map<String, Object> ordered = new HashMap<>(common);
                ordered.put("groups", inScope.stream().map(g -> Map.<String, Object>of("rubric", g.rubric(), "after", afterSeq,
                        "first", g.firstLabelSeq(), "last", g.lastLabelSeq())).toList());
                ordered.put("budget", SCAN_PER_LABEL * (size + 1));
                reads.run("lineage/provenance-labels-ordered.cypher", ordered).forEach(r -> found.put(r.get("rubric").asString(), r));
                // A page is known when it is full (a label past it was found too), or it reached the group's last label
                // or there is none left; otherwise the scan ran out of budget among other artifacts: read it whole.
                List<RubricGroup> cut = inScope.stream().filter(g -> {
                    List<Long> seqs = found.get(g.rubric()).get("seqs").asList(Value::asLong);
                    return seqs.size() <= size && afterSeq < g.lastLabelSeq()
                            && (seqs.isEmpty() || seqs.get(seqs.size() - 1) != g.lastLabelSeq());
                }).toList();
                if (!cut.isEmpty()) {
                    Map<String, Object> whole = new HashMap<>(common);
                    whole.put("groups", cut.stream().map(g -> Map.<String, Object>of("rubric", g.rubric(), "after", afterSeq)).toList());
                    reads.run("lineage/provenance-labels.cypher", whole).forEach(r -> found.put(r.get("rubric").asString(), r));
                }
                return found;
            });
            for (RubricGroup group : inScope) {
                List<String> labels = strings(byRubric.get(group.rubric()).get("labels"));
                List<Long> seqs = byRubric.get(group.rubric()).get("seqs").asList(Value::asLong);
                more.put(group, labels.size() > size);
                pages.put(group, labels.subList(0, Math.min(size, labels.size())));
                lastSeq.put(group, labels.isEmpty() ? null : seqs.get(Math.min(size, labels.size()) - 1));
            }
        }
        Set<ArtifactRef> refs = new LinkedHashSet<>();
        pages.values().forEach(list -> list.forEach(ref -> refs.add(ArtifactRef.parse("ref", ref))));
        Map<String, Artifact> artifacts = new HashMap<>();
        catalog.findAll(refs).forEach(a -> artifacts.put(a.ref(), a));
        return groups.stream().map(group -> new LabelConnection(
                pages.get(group).stream().map(ref -> label(artifacts.get(ref), group)).toList(),
                new PageInfo(more.get(group), lastSeq.get(group) == null ? null : Cursor.encode("label", lastSeq.get(group)))))
                .toList();
    }

    /** A page of reviewers for each group, from the reviewers the answer's statement already counted. */
    public List<ReviewerConnection> reviewers(List<RubricGroup> groups, Integer first, String after) {
        int size = Cursor.pageSize("first", first, 50, MAX_PAGE);
        long afterIndex = Cursor.decode("after", "reviewer", after);
        return groups.stream().map(group -> {
            List<GroupReviewer> all = group.allReviewers();
            int from = (int) Math.min(all.size(), afterIndex + 1);
            int to = Math.min(all.size(), from + size);
            return new ReviewerConnection(all.subList(from, to), new PageInfo(to < all.size(),
                    to > from ? Cursor.encode("reviewer", to - 1) : null));
        }).toList();
    }

    /** Groups of one request share datasets and asOf; several releaseProvenance fields give several scopes. */
    private static Map<List<Object>, List<RubricGroup>> byScope(List<RubricGroup> groups) {
        Map<List<Object>, List<RubricGroup>> scopes = new LinkedHashMap<>();
        groups.forEach(g -> scopes.computeIfAbsent(List.of(g.datasets(), g.asOfInstant()), k -> new ArrayList<>()).add(g));
        return scopes;
    }

    private ProvenanceLabel label(Artifact artifact, RubricGroup group) {
        RegistrationInput input = payloads.read(artifact.kind(), artifact.payload());
        if (input instanceof FeedbackEventInput f) {
            JudgmentInput j = f.judgment();
            return new ProvenanceLabel(f.ref().toString(), artifact.kind().id(), j.label(), f.reviewer(), f.rubric(), f.policy(),
                    f.prompt(), f.response(), f.alternativeResponse(), j.type(), j.rating(), j.preference(), j.violations(),
                    j.comment(), f.occurredAt(), f.consent() == null ? null : f.consent().subject(),
                    f.consent() == null ? null : f.consent().basis(), null);
        }
        AdjudicationInput a = (AdjudicationInput) input;
        JudgmentInput j = a.finalJudgment();
        return new ProvenanceLabel(a.ref().toString(), artifact.kind().id(), j.label(), a.adjudicator(), a.rubric(), group.policy(),
                null, null, null, j.type(), j.rating(), j.preference(), j.violations(), a.rationale(), null, null, null, a.resolves());
    }

    private static List<Artifact> ordered(List<String> refs, Map<String, Artifact> artifacts) {
        return refs.stream().map(artifacts::get).sorted(Comparator.comparingLong(Artifact::journalSequence)).toList();
    }

    private static List<String> strings(Value value) {
        return value.isNull() ? List.of() : value.asList(Value::asString);
    }

    private static String nullable(Value value) {
        return value.isNull() ? null : value.asString();
    }

    private static final class RubricGroupBuilder {
        final String rubric;
        final String policy;
        /** Label value → count, in label order (the statement's order). */
        final Map<String, Long> distribution = new LinkedHashMap<>();
        final List<String> withoutConsentSample = new ArrayList<>();
        final List<GroupReviewer> reviewers = new ArrayList<>();
        long withoutConsent;
        long firstSeq = Long.MAX_VALUE;
        long lastSeq = Long.MIN_VALUE;

        RubricGroupBuilder(String rubric, String policy) {
            this.rubric = rubric;
            this.policy = policy;
        }

        RubricGroup build(List<String> datasets, Instant asOf) {
            List<LabelCount> counts = new ArrayList<>();
            distribution.forEach((label, count) -> counts.add(new LabelCount(label, count)));
            return new RubricGroup(rubric, policy, counts.stream().mapToLong(LabelCount::count).sum(), reviewers.size(),
                    counts, datasets, asOf, List.copyOf(reviewers), firstSeq, lastSeq);
        }
    }
}
