package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A dataset version selected by a recorded rule from feedback events and/or parent datasets. Members are
 * added in pieces with {@code addDatasetMembers}, then {@code sealDataset} fixes its content digest.
 */
@org.eclipse.microprofile.graphql.Input("DatasetInput")
public record DatasetInput(String key, String version, String project, String supersedes,
        DatasetSplit split, String selectionRule, List<String> derivedFrom) implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.DATASET;
    }

    @Override
    public void validate() {
        Checks.required("split", split);
        Checks.text("selectionRule", selectionRule, 20_000);
        Checks.refs("derivedFrom", derivedFrom, Kind.DATASET, 0);
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        Checks.links(links, "derivedFrom", Checks.refs("derivedFrom", derivedFrom, Kind.DATASET, 0), EdgeType.DERIVED_FROM);
        supersedesLink(links);
        return links;
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("split", split.name(), "sealed", false);
    }
}
