package io.provenant.review;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.provenant.artifact.Artifact;
import io.provenant.lineage.ReleaseProvenance.LabelCount;
import io.provenant.stats.Divergence;

/** Rubric drift in a dataset or behind a release: under which rubric and policy versions its labels were made. */
@Description("Under which rubric and policy versions the labels of a dataset (or of the training data behind a release)"
        + " were made, their label distribution per version, how consecutive versions of a rubric differ, and warnings"
        + " when policy, rubric and dataset versions did not move together.")
public record RubricDrift(
        @Description("The release asked about, or null for a dataset.") String release,
        @NonNull @Description("The dataset, or the datasets the release's training runs used.") List<@NonNull Artifact> datasets,
        @NonNull @Description("One entry per rubric version of the labels, in rubric registration order.") List<@NonNull RubricDriftVersion> versions,
        @NonNull @Description("Between consecutive versions (registration order) of the same rubric key present in the labels.") List<@NonNull RubricDivergence> divergences,
        @NonNull List<@NonNull RubricDriftWarning> warnings,
        @NonNull OffsetDateTime asOf) {

    /** The labels made under one rubric version. */
    public record RubricDriftVersion(@NonNull String rubric, @NonNull String rubricKey,
            @Description("The policy version the rubric implements.") String policy,
            @NonNull @Description("Distinct labels (feedback events and adjudicated final labels).") long labels,
            @NonNull @Description("Labels per label value, in label order.") List<@NonNull LabelCount> distribution,
            @NonNull @Description("The datasets holding them.") List<@NonNull String> datasets,
            @NonNull @Description("Labels made after a newer version superseded this rubric (see STALE_RUBRIC).") long staleLabels) {
    }

    /** How the label distributions of two consecutive versions of one rubric differ. */
    public record RubricDivergence(@NonNull String rubricKey, @NonNull String from, @NonNull String to,
            @NonNull @Description("Jensen–Shannon divergence (log base 2, in [0, 1]) of the two distributions.") double jensenShannon,
            @Description("Pearson chi-square test of homogeneity over the 2 × labels table; null when the two versions"
                    + " together have fewer than 2 label values.") Divergence.ChiSquare chiSquare) {
    }

    /** Something an auditor must see. */
    public record RubricDriftWarning(@NonNull RubricDriftWarningCode code, @NonNull String message,
            @NonNull List<@NonNull String> refs) {
    }

    /** The kinds of rubric drift warning. */
    public enum RubricDriftWarningCode {
        /** One dataset holds labels of two or more versions of one rubric key. */
        MIXES_RUBRIC_VERSIONS,
        /** One dataset holds labels made under two or more versions of one policy key. */
        MIXES_POLICY_VERSIONS,
        /** Labels made under a rubric version after a newer version had superseded it. */
        STALE_RUBRIC,
        /**
         * Labels under a rubric version implementing a policy version that had been superseded before the dataset was
         * registered, while no rubric version implements the newer policy.
         */
        RUBRIC_POLICY_OUT_OF_STEP
    }
}
