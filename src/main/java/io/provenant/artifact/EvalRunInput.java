package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.provenant.api.ProvenantError;

/**
 * A checkpoint compared with a reference checkpoint on held-out eval datasets by a versioned suite: per-slice
 * metrics with sample counts (and the reference's value on each slice), results under alternative prompt
 * templates, representation similarity to a base model, and the decoder settings used. {@code purpose} tells a
 * regression check from a reward model's calibration eval.
 */
@org.eclipse.microprofile.graphql.Input("EvalRunInput")
public record EvalRunInput(String key, String version, String project, String supersedes,
        String checkpoint, String reference, List<String> datasets, String suiteVersion,
        DecoderSettingsInput decoder, List<MetricInput> metrics,
        @org.eclipse.microprofile.graphql.Description("Default REGRESSION.") EvalPurpose purpose,
        @org.eclipse.microprofile.graphql.Description("The main prompt template of the run (metrics without promptTemplate).")
        String promptTemplate,
        RepresentationSimilarityInput representationSimilarity) implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.EVAL_RUN;
    }

    @Override
    public void validate() {
        Checks.ref("checkpoint", checkpoint, Kind.CHECKPOINT);
        Checks.optionalRef("reference", reference, Kind.CHECKPOINT);
        Checks.refs("datasets", datasets, Kind.DATASET, 1);
        Checks.text("suiteVersion", suiteVersion, 200);
        Checks.required("decoder", decoder).validate("decoder");
        if (metrics == null || metrics.isEmpty()) {
            throw ProvenantError.invalid("metrics", "an eval run needs at least one metric.");
        }
        java.util.Set<List<String>> measured = new java.util.HashSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            MetricInput metric = Checks.required("metrics[" + i + "]", metrics.get(i));
            metric.validate("metrics[" + i + "]", reference != null,
                    metric.promptTemplate() == null || metric.promptTemplate().equals(promptTemplate));
            if (!measured.add(java.util.Arrays.asList(metric.slice(), metric.metric(), metric.promptTemplate()))) {
                throw ProvenantError.invalid("metrics[" + i + "]", "'" + metric.metric() + "' on slice '" + metric.slice()
                        + "' is listed twice for the same prompt template.");
            }
        }
        Checks.optionalText("promptTemplate", promptTemplate, Checks.MAX_NAME);
        if (representationSimilarity != null) {
            representationSimilarity.validate("representationSimilarity");
        }
    }

    /** The purpose, REGRESSION when none was given. */
    public EvalPurpose purposeOrDefault() {
        return purpose == null ? EvalPurpose.REGRESSION : purpose;
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("checkpoint", EdgeType.EVALUATED, Checks.ref("checkpoint", checkpoint, Kind.CHECKPOINT)));
        Checks.link(links, "reference", Checks.optionalRef("reference", reference, Kind.CHECKPOINT), EdgeType.REFERENCE);
        Checks.links(links, "datasets", Checks.refs("datasets", datasets, Kind.DATASET, 1), EdgeType.EVALUATED_ON);
        if (representationSimilarity != null) {
            links.add(new Link("representationSimilarity.base", EdgeType.SIMILARITY_BASE,
                    Checks.ref("representationSimilarity.base", representationSimilarity.base(), Kind.CHECKPOINT)));
        }
        supersedesLink(links);
        return links;
    }

    @Override
    public void validateAgainst(Targets targets) {
        List<ArtifactRef> read = Checks.refs("datasets", datasets, Kind.DATASET, 1);
        for (int i = 0; i < read.size(); i++) {
            if (!targets.sealed(read.get(i))) {
                throw ProvenantError.invalid("datasets[" + i + "]", "'" + read.get(i) + "' is not sealed; an eval run can only read sealed datasets.");
            }
            DatasetSplit split = DatasetSplit.valueOf(targets.payload(read.get(i)).path("split").asText());
            if (!split.heldOut()) {
                throw ProvenantError.invalid("datasets[" + i + "]", "'" + read.get(i) + "' is a " + split
                        + " split; eval runs must read HELD_OUT or EVAL data.");
            }
        }
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("suiteVersion", suiteVersion, "purpose", purposeOrDefault().name());
    }
}
