package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.provenant.api.ProvenantError;

/**
 * A checkpoint compared with a reference checkpoint on held-out eval datasets by a versioned suite:
 * per-slice metrics with sample counts, and the decoder settings used.
 */
@org.eclipse.microprofile.graphql.Input("EvalRunInput")
public record EvalRunInput(String key, String version, String project, String supersedes,
        String checkpoint, String reference, List<String> datasets, String suiteVersion,
        DecoderSettingsInput decoder, List<MetricInput> metrics) implements RegistrationInput {

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
        for (int i = 0; i < metrics.size(); i++) {
            Checks.required("metrics[" + i + "]", metrics.get(i)).validate("metrics[" + i + "]");
        }
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("checkpoint", EdgeType.EVALUATED, Checks.ref("checkpoint", checkpoint, Kind.CHECKPOINT)));
        Checks.link(links, "reference", Checks.optionalRef("reference", reference, Kind.CHECKPOINT), EdgeType.REFERENCE);
        Checks.links(links, "datasets", Checks.refs("datasets", datasets, Kind.DATASET, 1), EdgeType.EVALUATED_ON);
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
        return Map.of("suiteVersion", suiteVersion);
    }
}
