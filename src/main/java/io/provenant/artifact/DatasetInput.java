package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;

/**
 * A dataset version selected by a recorded rule (text and version) from feedback events and/or parent datasets,
 * with the feedback filters applied. Members are added in pieces with {@code addDatasetMembers}, then
 * {@code sealDataset} fixes its content digest and checks that it shares no normalized prompt with the datasets
 * it is declared disjoint from ({@code disjointFrom}, typically a held-out or eval version naming the train
 * version(s)): overlaps are recorded and shown by {@code datasetSelection}, and refuse the seal when {@code strict}.
 */
@org.eclipse.microprofile.graphql.Input("DatasetInput")
public record DatasetInput(String key, String version, String project, String supersedes,
        DatasetSplit split, String selectionRule,
        @Description("Version of the selection rule, e.g. selection-rules@3.") String selectionRuleVersion,
        @Description("The feedback filters the selection applied, as texts (e.g. \"rubric in (harmlessness-rating@2)\").") List<String> feedbackFilters,
        List<String> derivedFrom,
        @Description("Sealed datasets this version must share no normalized prompt with (checked when it is sealed).") List<String> disjointFrom,
        @Description("When true, an overlap with a disjointFrom dataset refuses the seal; otherwise it is recorded. Default false.") Boolean strict)
        implements RegistrationInput {

    /** {@code strict: false} and an absent {@code strict} are the same registration (and digest). */
    public DatasetInput {
        strict = Boolean.TRUE.equals(strict) ? Boolean.TRUE : null;
    }

    @Override
    public Kind kind() {
        return Kind.DATASET;
    }

    @Override
    public void validate() {
        Checks.required("split", split);
        Checks.text("selectionRule", selectionRule, 20_000);
        Checks.optionalText("selectionRuleVersion", selectionRuleVersion, Checks.MAX_NAME);
        if (feedbackFilters != null) {
            for (int i = 0; i < feedbackFilters.size(); i++) {
                Checks.text("feedbackFilters[" + i + "]", feedbackFilters.get(i), 20_000);
            }
        }
        Checks.refs("derivedFrom", derivedFrom, Kind.DATASET, 0);
        Checks.refs("disjointFrom", disjointFrom, Kind.DATASET, 0);
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        Checks.links(links, "derivedFrom", Checks.refs("derivedFrom", derivedFrom, Kind.DATASET, 0), EdgeType.DERIVED_FROM);
        Checks.links(links, "disjointFrom", Checks.refs("disjointFrom", disjointFrom, Kind.DATASET, 0), EdgeType.DISJOINT_FROM);
        supersedesLink(links);
        return links;
    }

    /** Whether an overlap with a {@code disjointFrom} dataset refuses the seal. */
    public boolean strictDisjointness() {
        return Boolean.TRUE.equals(strict);
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("split", split.name(), "sealed", false);
    }
}
