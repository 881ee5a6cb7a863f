package io.provenant.review;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.provenant.artifact.CalibrationInput;
import io.provenant.artifact.CalibrationInput.GoldItemInput;
import io.provenant.artifact.CalibrationInput.GoldLabelInput;
import io.provenant.stats.Agreement;

/**
 * The scores of a calibration run, computed from its registered labels: per reviewer the share of gold items they
 * labeled as gold did and Cohen's kappa with gold (nominal, over the items they labeled), pass = kappa ≥ threshold;
 * across reviewers Fleiss' kappa (when every item has the same number ≥ 2 of reviewer judgments) and
 * Krippendorff's nominal alpha (any pattern of missing judgments). Judgments compare by their label
 * ({@code JudgmentInput.label()}: "4.0", "RESPONSE", sorted violation labels).
 */
@Description("The scores of a calibration run, computed by the server from the reviewers' and the gold labels.")
public record CalibrationScores(@NonNull String calibration, @NonNull String rubric, @NonNull double threshold,
        @NonNull int items, @NonNull List<@NonNull ReviewerScore> reviewers,
        @Description("Fleiss' kappa across reviewers; null unless every item has the same number (≥ 2) of reviewer judgments.")
        Double fleissKappa,
        @Description("Krippendorff's alpha (nominal) across reviewers; null when no item has two reviewer judgments.")
        Double krippendorffAlpha) {

    /** One reviewer's agreement with gold. */
    public record ReviewerScore(@NonNull String reviewer, @NonNull int items,
            @NonNull @Description("Share of their items labeled as gold.") double agreement,
            @NonNull @Description("Cohen's kappa with gold over their items.") double kappa,
            @NonNull boolean passed) {
    }

    public static CalibrationScores of(CalibrationInput run) {
        List<ReviewerScore> scores = new ArrayList<>();
        for (String reviewer : run.reviewers()) {
            List<String> theirs = new ArrayList<>();
            List<String> gold = new ArrayList<>();
            for (GoldItemInput item : run.items()) {
                for (GoldLabelInput label : item.labels()) {
                    if (label.reviewer().equals(reviewer)) {
                        theirs.add(label.judgment().label());
                        gold.add(item.gold().label());
                    }
                }
            }
            double kappa = Agreement.cohensKappa(theirs, gold);
            scores.add(new ReviewerScore(reviewer, theirs.size(), Agreement.percentAgreement(theirs, gold), kappa,
                    kappa >= run.threshold()));
        }
        List<List<String>> perItem = new ArrayList<>();
        List<String> reviewers = run.reviewers();
        List<List<String>> units = new ArrayList<>();
        for (GoldItemInput item : run.items()) {
            perItem.add(item.labels().stream().map(l -> l.judgment().label()).toList());
            Map<String, String> byReviewer = new HashMap<>();
            item.labels().forEach(l -> byReviewer.put(l.reviewer(), l.judgment().label()));
            units.add(reviewers.stream().map(byReviewer::get).toList());
        }
        int n = perItem.get(0).size();
        boolean complete = n >= 2 && perItem.stream().allMatch(ratings -> ratings.size() == n);
        Double fleiss = complete ? Agreement.fleissKappa(perItem) : null;
        boolean pairable = units.stream().anyMatch(unit -> unit.stream().filter(java.util.Objects::nonNull).count() >= 2);
        Double alpha = pairable ? Agreement.krippendorffAlphaNominal(units) : null;
        return new CalibrationScores(run.ref().toString(), run.rubric(), run.threshold(), run.items().size(), scores, fleiss, alpha);
    }

    /** The reviewers who passed, in order of first appearance. */
    public List<String> passedReviewers() {
        return reviewers.stream().filter(ReviewerScore::passed).map(ReviewerScore::reviewer).toList();
    }
}
