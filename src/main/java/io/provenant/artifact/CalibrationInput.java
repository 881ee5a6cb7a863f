package io.provenant.artifact;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.graphql.Description;

import com.fasterxml.jackson.databind.JsonNode;

import io.provenant.api.ProvenantError;

/**
 * A calibration run: reviewers labeled gold items under one rubric version. The server computes each reviewer's
 * agreement and Cohen's kappa with gold, and the agreement across reviewers (io.provenant.review.CalibrationScores);
 * a reviewer passes when their kappa reaches the threshold. Only the labels are registered, never the scores, so
 * nobody can record a pass the labels do not support.
 */
@org.eclipse.microprofile.graphql.Input("CalibrationInput")
public record CalibrationInput(String key, String version, String project, String supersedes,
        String rubric,
        @Description("The Cohen's kappa vs gold a reviewer needs to pass; at least the rubric version's calibrationThreshold.")
        Double threshold,
        @Description("The gold items, each with its gold judgment and the reviewers' judgments of it.") List<GoldItemInput> items)
        implements RegistrationInput {

    /** One gold item: its id, the gold judgment, and each reviewer's judgment of it. */
    @org.eclipse.microprofile.graphql.Input("GoldItemInput")
    public record GoldItemInput(String item, JudgmentInput gold, List<GoldLabelInput> labels) {
    }

    /** A reviewer's judgment of a gold item. */
    @org.eclipse.microprofile.graphql.Input("GoldLabelInput")
    public record GoldLabelInput(String reviewer, JudgmentInput judgment) {
    }

    /** Most gold items in one calibration run. */
    static final int MAX_ITEMS = 10_000;

    @Override
    public Kind kind() {
        return Kind.CALIBRATION;
    }

    @Override
    public void validate() {
        Checks.ref("rubric", rubric, Kind.RUBRIC);
        Checks.required("threshold", threshold);
        Checks.range("threshold", threshold, -1, 1);
        if (items == null || items.isEmpty()) {
            throw ProvenantError.invalid("items", "a calibration run needs at least one gold item.");
        }
        if (items.size() > MAX_ITEMS) {
            throw ProvenantError.invalid("items", "has " + items.size() + " gold items; at most " + MAX_ITEMS + " per calibration run.");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String field = "items[" + i + "]";
            GoldItemInput item = Checks.required(field, items.get(i));
            Checks.text(field + ".item", item.item(), Checks.MAX_NAME);
            if (!ids.add(item.item())) {
                throw ProvenantError.invalid(field + ".item", "'" + item.item() + "' is listed twice.");
            }
            Checks.required(field + ".gold", item.gold()).validate(field + ".gold");
            if (item.labels() == null || item.labels().isEmpty()) {
                throw ProvenantError.invalid(field + ".labels", "needs at least one reviewer's judgment.");
            }
            Set<String> reviewers = new HashSet<>();
            for (int j = 0; j < item.labels().size(); j++) {
                String labelField = field + ".labels[" + j + "]";
                GoldLabelInput label = Checks.required(labelField, item.labels().get(j));
                Checks.ref(labelField + ".reviewer", label.reviewer(), Kind.REVIEWER);
                if (!reviewers.add(label.reviewer())) {
                    throw ProvenantError.invalid(labelField + ".reviewer", "'" + label.reviewer() + "' judged this item twice.");
                }
                Checks.required(labelField + ".judgment", label.judgment()).validate(labelField + ".judgment");
            }
        }
    }

    /** The reviewers, in order of first appearance. */
    public List<String> reviewers() {
        Set<String> seen = new java.util.LinkedHashSet<>();
        items.forEach(item -> item.labels().forEach(label -> seen.add(label.reviewer())));
        return List.copyOf(seen);
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("rubric", EdgeType.UNDER_RUBRIC, Checks.ref("rubric", rubric, Kind.RUBRIC)));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            for (int j = 0; j < items.get(i).labels().size(); j++) {
                String reviewer = items.get(i).labels().get(j).reviewer();
                if (seen.add(reviewer)) {
                    String field = "items[" + i + "].labels[" + j + "].reviewer";
                    links.add(new Link(field, EdgeType.CALIBRATES, Checks.ref(field, reviewer, Kind.REVIEWER)));
                }
            }
        }
        supersedesLink(links);
        return links;
    }

    @Override
    public void validateAgainst(Targets targets) {
        JsonNode rubricPayload = targets.payload(Checks.ref("rubric", rubric, Kind.RUBRIC));
        JsonNode floor = rubricPayload.path("calibrationThreshold");
        if (floor.isNumber() && threshold < floor.asDouble()) {
            throw ProvenantError.invalid("threshold", "is " + threshold + " but " + rubric + " asks for a calibration kappa of at least "
                    + floor.asDouble() + ".");
        }
        JsonNode schema = rubricPayload.path("labelSchema");
        for (int i = 0; i < items.size(); i++) {
            items.get(i).gold().validateAgainst("items[" + i + "].gold", schema, rubric);
            for (int j = 0; j < items.get(i).labels().size(); j++) {
                items.get(i).labels().get(j).judgment().validateAgainst("items[" + i + "].labels[" + j + "].judgment", schema, rubric);
            }
        }
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("threshold", threshold, "passedReviewers", io.provenant.review.CalibrationScores.of(this).passedReviewers());
    }
}
