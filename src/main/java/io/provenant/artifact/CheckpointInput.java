package io.provenant.artifact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Model weights: produced by a training run, or a base model registered as it is (no producedBy). */
@org.eclipse.microprofile.graphql.Input("CheckpointInput")
public record CheckpointInput(String key, String version, String project, String supersedes,
        String producedBy, String uri, String weightsDigest, String baseModel) implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.CHECKPOINT;
    }

    @Override
    public void validate() {
        Checks.optionalRef("producedBy", producedBy, Kind.TRAINING_RUN);
        Checks.text("uri", uri, 2_000);
        Checks.text("weightsDigest", weightsDigest, 200);
        Checks.optionalText("baseModel", baseModel, Checks.MAX_NAME);
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        Checks.link(links, "producedBy", Checks.optionalRef("producedBy", producedBy, Kind.TRAINING_RUN), EdgeType.PRODUCED_BY);
        supersedesLink(links);
        return links;
    }

    @Override
    public Map<String, Object> graphProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("uri", uri);
        if (baseModel != null) {
            properties.put("baseModel", baseModel);
        }
        return properties;
    }
}
