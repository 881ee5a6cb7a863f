package io.provenant.artifact;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.graphql.Description;

import io.provenant.api.ProvenantError;

/**
 * A versioned release gate: what a checkpoint must show before it may ship. {@code evaluateGate} reads the
 * evidence (eval runs, calibrations, the training data's labels and consent) and records a decision listing
 * every criterion; a check left unset is not made (and the gate report says so).
 */
@org.eclipse.microprofile.graphql.Input("GatePolicyInput")
public record GatePolicyInput(String key, String version, String project, String supersedes,
        String description,
        @Description("The largest allowed worsening of any metric on any slice vs the reference (absolute, e.g. 0.02).")
        Double maxRegression,
        @Description("Per-slice limits that replace maxRegression on those slices.") List<SliceLimitInput> sliceLimits,
        @Description("The largest allowed increase of benign_refusal_rate vs the reference; set, it must be measured.")
        Double maxBenignRefusalIncrease,
        @Description("The largest allowed worsening of a metric under an alternative prompt template vs the main one;"
                + " set, results under alternative templates must exist.") Double maxTemplateGap,
        @Description("The least representation similarity to the base model an eval run may report; set, it must be measured.")
        Double minRepresentationSimilarity,
        @Description("Every reviewer of the training labels passed a calibration under the label's rubric version.")
        Boolean requireCalibratedReviewers,
        @Description("No eval prompt reaches the training data (normalized prompt digest).") Boolean requireHeldOutVerified,
        @Description("Every training label has consent, and none carries a revoked subject's feedback.") Boolean requireConsent,
        @Description("Every reward model an RL or DPO run optimized against has a REWARD_MODEL_CALIBRATION eval run.")
        Boolean requireCalibratedRewardModel,
        @Description("The most training labels in unresolved conflicts (same item, other judgment, no adjudication).")
        Integer maxUnresolvedConflicts,
        @Description("Training datasets must not mix labels of several versions of a rubric.") Boolean requireConsistentRubricVersions)
        implements RegistrationInput {

    /** A regression limit for one slice. */
    @org.eclipse.microprofile.graphql.Input("SliceLimitInput")
    public record SliceLimitInput(String slice, Double maxRegression) {
    }

    @Override
    public Kind kind() {
        return Kind.GATE_POLICY;
    }

    @Override
    public void validate() {
        Checks.optionalText("description", description, 20_000);
        Checks.required("maxRegression", maxRegression);
        Checks.range("maxRegression", maxRegression, 0, 1);
        Set<String> slices = new HashSet<>();
        if (sliceLimits != null) {
            for (int i = 0; i < sliceLimits.size(); i++) {
                SliceLimitInput limit = Checks.required("sliceLimits[" + i + "]", sliceLimits.get(i));
                Checks.text("sliceLimits[" + i + "].slice", limit.slice(), 200);
                Checks.required("sliceLimits[" + i + "].maxRegression", limit.maxRegression());
                Checks.range("sliceLimits[" + i + "].maxRegression", limit.maxRegression(), 0, 1);
                if (!slices.add(limit.slice())) {
                    throw ProvenantError.invalid("sliceLimits[" + i + "].slice", "'" + limit.slice() + "' has two limits.");
                }
            }
        }
        Checks.range("maxBenignRefusalIncrease", maxBenignRefusalIncrease, 0, 1);
        Checks.range("maxTemplateGap", maxTemplateGap, 0, 1);
        Checks.range("minRepresentationSimilarity", minRepresentationSimilarity, -1, 1);
        Checks.range("maxUnresolvedConflicts", maxUnresolvedConflicts, 0, Integer.MAX_VALUE);
    }

    /** The regression limit on {@code slice}. */
    public double regressionLimit(String slice) {
        if (sliceLimits != null) {
            for (SliceLimitInput limit : sliceLimits) {
                if (limit.slice().equals(slice)) {
                    return limit.maxRegression();
                }
            }
        }
        return maxRegression;
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        supersedesLink(links);
        return links;
    }
}
