package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.provenant.api.ProvenantError;

/** An SFT / reward-model / RL / DPO / adapter-refresh run: sealed datasets and a base checkpoint in. */
@org.eclipse.microprofile.graphql.Input("TrainingRunInput")
public record TrainingRunInput(String key, String version, String project, String supersedes,
        TrainingMethod method, List<String> datasets, String baseCheckpoint, String rewardModel,
        TrainingConfigInput config) implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.TRAINING_RUN;
    }

    @Override
    public void validate() {
        Checks.required("method", method);
        Checks.refs("datasets", datasets, Kind.DATASET, method == TrainingMethod.RL ? 0 : 1);
        Checks.ref("baseCheckpoint", baseCheckpoint, Kind.CHECKPOINT);
        Checks.optionalRef("rewardModel", rewardModel, Kind.CHECKPOINT);
        if (method == TrainingMethod.RL && rewardModel == null) {
            throw ProvenantError.invalid("rewardModel", "an RL run must name the reward model checkpoint it optimized against.");
        }
        Checks.required("config", config).validate("config");
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        Checks.links(links, "datasets", Checks.refs("datasets", datasets, Kind.DATASET, 0), EdgeType.USED);
        links.add(new Link("baseCheckpoint", EdgeType.STARTED_FROM, Checks.ref("baseCheckpoint", baseCheckpoint, Kind.CHECKPOINT)));
        Checks.link(links, "rewardModel", Checks.optionalRef("rewardModel", rewardModel, Kind.CHECKPOINT), EdgeType.REWARD_MODEL);
        supersedesLink(links);
        return links;
    }

    @Override
    public void validateAgainst(Targets targets) {
        List<ArtifactRef> used = Checks.refs("datasets", datasets, Kind.DATASET, 0);
        for (int i = 0; i < used.size(); i++) {
            if (!targets.sealed(used.get(i))) {
                throw ProvenantError.invalid("datasets[" + i + "]", "'" + used.get(i) + "' is not sealed; a run can only use sealed datasets.");
            }
        }
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("method", method.name(), "codeCommit", config.codeCommit());
    }
}
