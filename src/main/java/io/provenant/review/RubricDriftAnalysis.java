package io.provenant.review;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import io.provenant.api.ProvenantError;
import io.provenant.artifact.Artifact;
import io.provenant.artifact.ArtifactCatalog;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.Kind;
import io.provenant.graph.GraphReader;
import io.provenant.lineage.ReleaseProvenance.LabelCount;
import io.provenant.review.RubricDrift.RubricDivergence;
import io.provenant.review.RubricDrift.RubricDriftVersion;
import io.provenant.review.RubricDrift.RubricDriftWarning;
import io.provenant.review.RubricDrift.RubricDriftWarningCode;
import io.provenant.stats.Divergence;

/**
 * rubricDrift(dataset | release, asOf). The datasets behind a release are found by releaseProvenance's own chain
 * statement ({@code lineage/provenance-chain.cypher}); the labels are counted per rubric version and label value in
 * Neo4j in one pass; the divergences between consecutive versions of a rubric are computed here with
 * {@link Divergence}. A request costs 3 Neo4j statements (chain or root, distribution, policies) and 1 PostgreSQL
 * query (the datasets), whatever the number of labels.
 */
@ApplicationScoped
public class RubricDriftAnalysis {

    @Inject
    GraphReader graph;

    @Inject
    ArtifactCatalog catalog;

    /** One rubric version's labels, as the distribution statement counted them. */
    private static final class Version {
        final String rubric;
        final String rubricKey;
        final String policy;
        final String policyKey;
        final List<String> supersededBy;
        final Map<String, Long> distribution = new TreeMap<>();
        /** Dataset → labels of this version in it. */
        final Map<String, Long> byDataset = new TreeMap<>();
        final TreeSet<String> staleSample = new TreeSet<>();
        long labels;
        long stale;

        Version(Record r) {
            rubric = r.get("rubric").asString();
            rubricKey = r.get("rubricKey").asString();
            policy = nullable(r.get("policy"));
            policyKey = nullable(r.get("policyKey"));
            supersededBy = strings(r.get("supersededBy"));
        }
    }

    /** A newer version of a policy, and whether a rubric version implements it. */
    private record NewerPolicy(String policy, String newer, Instant registeredAt, boolean implemented) {
    }

    public RubricDrift answer(String dataset, String release, OffsetDateTime asOfTime) {
        if ((dataset == null) == (release == null)) {
            throw ProvenantError.invalid(dataset == null ? "dataset" : "release", "give exactly one of dataset and release.");
        }
        ArtifactRef root = release != null ? ArtifactRef.parse("release", release, Kind.RELEASE)
                : ArtifactRef.parse("dataset", dataset, Kind.DATASET);
        String field = release != null ? "release" : "dataset";
        Instant asOf = asOfTime == null ? Instant.now().truncatedTo(ChronoUnit.MICROS) : asOfTime.toInstant();
        ZonedDateTime at = asOf.atZone(ZoneOffset.UTC);
        Map<String, Version> versions = new LinkedHashMap<>();
        List<NewerPolicy> newerPolicies = new ArrayList<>();
        List<String> datasets = graph.read(reads -> {
            List<String> found;
            if (release != null) {
                List<Record> chain = reads.run("lineage/provenance-chain.cypher", Map.of("ref", root.toString(), "asOf", at));
                if (chain.isEmpty()) {
                    throw missing(reads, field, root, asOf);
                }
                found = strings(chain.get(0).get("datasets"));
            } else {
                List<Record> node = reads.run("lineage/root.cypher", Map.of("ref", root.toString()));
                Value registeredAt = node.isEmpty() ? null : node.get(0).get("node").get("registeredAt");
                if (registeredAt == null || registeredAt.isNull() || registeredAt.asZonedDateTime().toInstant().isAfter(asOf)) {
                    throw missing(node, field, root, asOf);
                }
                found = List.of(root.toString());
            }
            for (Record r : reads.run("review/rubric-drift-distribution.cypher", Map.of("datasets", found, "asOf", at))) {
                Version version = versions.computeIfAbsent(r.get("rubric").asString(), k -> new Version(r));
                long labels = r.get("labels").asLong();
                version.labels += labels;
                version.distribution.merge(r.get("label").asString(), labels, Long::sum);
                strings(r.get("inDatasets")).forEach(d -> version.byDataset.merge(d, labels, Long::sum));
                version.stale += r.get("stale").asLong();
                version.staleSample.addAll(strings(r.get("staleSample")));
            }
            List<String> policies = versions.values().stream().map(v -> v.policy).filter(p -> p != null).distinct().toList();
            if (!policies.isEmpty()) {
                for (Record r : reads.run("review/rubric-drift-policies.cypher", Map.of("policies", policies, "asOf", at))) {
                    newerPolicies.add(new NewerPolicy(r.get("policy").asString(), r.get("newer").asString(),
                            r.get("newerAt").asZonedDateTime().toInstant(), r.get("implemented").asBoolean()));
                }
            }
            return found;
        });
        Map<String, Artifact> artifacts = new HashMap<>();
        if (!datasets.isEmpty()) {
            catalog.findAll(datasets.stream().map(d -> ArtifactRef.parse("dataset", d)).toList()).forEach(a -> artifacts.put(a.ref(), a));
        }
        List<Artifact> datasetArtifacts = datasets.stream().map(artifacts::get)
                .sorted(Comparator.comparingLong(Artifact::journalSequence)).toList();

        List<RubricDriftVersion> out = versions.values().stream().map(v -> new RubricDriftVersion(v.rubric, v.rubricKey, v.policy,
                v.labels, v.distribution.entrySet().stream().map(e -> new LabelCount(e.getKey(), e.getValue())).toList(),
                List.copyOf(v.byDataset.keySet()), v.stale)).toList();
        List<RubricDriftWarning> warnings = new ArrayList<>();
        for (Artifact d : datasetArtifacts) {
            mixes(d.ref(), versions.values(), true, warnings);
            mixes(d.ref(), versions.values(), false, warnings);
        }
        for (Version v : versions.values()) {
            if (v.stale > 0) {
                List<String> refs = new ArrayList<>(List.of(v.rubric));
                refs.addAll(v.supersededBy);
                refs.addAll(v.staleSample);
                warnings.add(new RubricDriftWarning(RubricDriftWarningCode.STALE_RUBRIC, v.stale + " label(s) under " + v.rubric
                        + " were made after " + String.join(", ", v.supersededBy) + " had superseded it.", refs));
            }
        }
        for (Artifact d : datasetArtifacts) {
            Instant datasetAt = d.registeredAt().toInstant();
            for (Version v : versions.values()) {
                Long labels = v.byDataset.get(d.ref());
                if (labels == null || v.policy == null) {
                    continue;
                }
                for (NewerPolicy newer : newerPolicies) {
                    if (newer.policy().equals(v.policy) && newer.registeredAt().isBefore(datasetAt) && !newer.implemented()) {
                        warnings.add(new RubricDriftWarning(RubricDriftWarningCode.RUBRIC_POLICY_OUT_OF_STEP, d.ref() + " holds "
                                + labels + " label(s) under " + v.rubric + ", which implements " + v.policy + "; " + newer.newer()
                                + " had superseded that policy before the dataset was registered, and no rubric version implements it.",
                                List.of(d.ref(), v.rubric, v.policy, newer.newer())));
                    }
                }
            }
        }
        return new RubricDrift(release == null ? null : root.toString(), datasetArtifacts, out, divergences(versions.values()),
                warnings, asOf.atOffset(ZoneOffset.UTC));
    }

    /** Between consecutive versions of each rubric key, in rubric registration order (the statement's order). */
    private static List<RubricDivergence> divergences(java.util.Collection<Version> versions) {
        Map<String, List<Version>> byKey = new LinkedHashMap<>();
        versions.forEach(v -> byKey.computeIfAbsent(v.rubricKey, k -> new ArrayList<>()).add(v));
        List<RubricDivergence> divergences = new ArrayList<>();
        byKey.forEach((key, list) -> {
            for (int i = 1; i < list.size(); i++) {
                Map<String, Long> p = list.get(i - 1).distribution;
                Map<String, Long> q = list.get(i).distribution;
                Divergence.ChiSquare chiSquare;
                try {
                    chiSquare = Divergence.chiSquareHomogeneity(List.of(p, q));
                } catch (IllegalArgumentException e) {
                    chiSquare = null; // both versions gave one and the same label value: nothing to test
                }
                divergences.add(new RubricDivergence(key, list.get(i - 1).rubric, list.get(i).rubric,
                        Divergence.jensenShannon(p, q), chiSquare));
            }
        });
        return divergences;
    }

    /** MIXES_RUBRIC_VERSIONS (by rubric key) or MIXES_POLICY_VERSIONS (by policy key) for one dataset. */
    private static void mixes(String dataset, java.util.Collection<Version> versions, boolean rubrics, List<RubricDriftWarning> warnings) {
        Map<String, Map<String, Long>> byKey = new TreeMap<>();
        for (Version v : versions) {
            Long labels = v.byDataset.get(dataset);
            String key = rubrics ? v.rubricKey : v.policyKey;
            if (labels != null && key != null) {
                byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(rubrics ? v.rubric : v.policy, labels, Long::sum);
            }
        }
        byKey.forEach((key, counts) -> {
            if (counts.size() > 1) {
                List<String> refs = new ArrayList<>(List.of(dataset));
                refs.addAll(counts.keySet());
                List<String> parts = new ArrayList<>();
                counts.forEach((ref, n) -> parts.add(ref + " (" + n + ")"));
                warnings.add(new RubricDriftWarning(rubrics ? RubricDriftWarningCode.MIXES_RUBRIC_VERSIONS
                        : RubricDriftWarningCode.MIXES_POLICY_VERSIONS, dataset + " holds labels made under " + counts.size()
                        + " versions of " + (rubrics ? "rubric " : "policy ") + key + ": " + String.join(", ", parts) + ".", refs));
            }
        });
    }

    private static ProvenantError missing(GraphReader.Reads reads, String field, ArtifactRef ref, Instant asOf) {
        return missing(reads.run("lineage/root.cypher", Map.of("ref", ref.toString())), field, ref, asOf);
    }

    private static ProvenantError missing(List<Record> node, String field, ArtifactRef ref, Instant asOf) {
        if (!node.isEmpty() && !node.get(0).get("node").get("registeredAt").isNull()) {
            return ProvenantError.notFoundAsOf(field, ref.toString(), asOf.toString(),
                    node.get(0).get("node").get("registeredAt").asZonedDateTime().toInstant().toString());
        }
        return ProvenantError.notFound(field, ref.toString());
    }

    private static List<String> strings(Value value) {
        return value.isNull() ? List.of() : value.asList(Value::asString);
    }

    private static String nullable(Value value) {
        return value.isNull() ? null : value.asString();
    }
}
