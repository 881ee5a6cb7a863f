package io.provenant.lineage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import io.provenant.api.PageInfo;
import io.provenant.artifact.Artifact;
import io.provenant.artifact.JudgmentType;
import io.provenant.artifact.PreferenceChoice;
import io.provenant.security.PersonalData;
import io.provenant.security.PersonalData.What;

/** The auditor's answer for a release: which labels, under which rubric versions, produced it. */
@Description("Which labels, under which rubric and policy versions, produced a release; and what an auditor must look at.")
public record ReleaseProvenance(
        @NonNull Artifact release,
        @Description("The gate decision that let it ship.") Artifact gate,
        @NonNull @Description("The released checkpoint.") Artifact checkpoint,
        @NonNull @Description("Checkpoints behind it (bases, reward models), in registration order.") List<@NonNull Artifact> upstreamCheckpoints,
        @NonNull List<@NonNull Artifact> trainingRuns,
        @NonNull @Description("Datasets the training runs used (with split and sealed content digest).") List<@NonNull Artifact> datasets,
        @NonNull @Description("Eval runs the gate read.") List<@NonNull Artifact> evalRuns,
        @NonNull @Description("Datasets those eval runs read.") List<@NonNull Artifact> evalDatasets,
        @NonNull @Description("The training labels grouped by rubric version, in rubric registration order.") List<@NonNull RubricGroup> rubricGroups,
        @NonNull List<@NonNull ProvenanceWarning> warnings,
        @NonNull OffsetDateTime asOf) {

    /** The labels of one rubric version behind a release. */
    public record RubricGroup(@NonNull String rubric, @Description("The policy version the rubric implements.") String policy,
            @NonNull long labelCount, @NonNull long reviewerCount,
            @NonNull @Description("Labels per label value (a rating, a preference, violation labels).") List<@NonNull LabelCount> labelDistribution,
            @Ignore List<String> datasets, @Ignore Instant asOfInstant, @Ignore List<GroupReviewer> allReviewers,
            @Ignore long firstLabelSeq, @Ignore long lastLabelSeq) {
    }

    /** How many labels have one value. */
    public record LabelCount(@NonNull String label, @NonNull long count) {
    }

    /** One label behind a release: a feedback event or an adjudicated final label. */
    public record ProvenanceLabel(@NonNull String ref, @NonNull String kind, @NonNull String label, String reviewer,
            @NonNull String rubric, String policy, @PersonalData(What.TEXT) String prompt, @PersonalData(What.TEXT) String response,
            @PersonalData(What.TEXT) String alternativeResponse,
            @NonNull JudgmentType judgmentType, Double rating, PreferenceChoice preference, List<@NonNull String> violations,
            @PersonalData(What.TEXT) String comment, OffsetDateTime occurredAt, @PersonalData(What.IDENTITY) String consentSubject,
            String consentBasis,
            @Description("For an adjudication: the labels it resolved.") List<@NonNull String> resolves) {
    }

    /** A page of labels. */
    public record LabelConnection(@NonNull List<@NonNull ProvenanceLabel> nodes, @NonNull PageInfo pageInfo) {
    }

    /** A reviewer behind a rubric group. */
    public record GroupReviewer(@NonNull String reviewer, @NonNull long labels,
            @NonNull @Description("Whether a calibration under this rubric version passed the reviewer (as of asOf).") boolean calibrated) {
    }

    /** A page of reviewers. */
    public record ReviewerConnection(@NonNull List<@NonNull GroupReviewer> nodes, @NonNull PageInfo pageInfo) {
    }

    /** Something an auditor must see. */
    public record ProvenanceWarning(@NonNull WarningCode code, @NonNull String message, @NonNull List<@NonNull String> refs,
            @NonNull @Description("How many labels (for reviewer, rubric-mixing and run warnings: reviewers' labels, rubric"
                    + " versions, runs) the warning concerns; refs may name only the first of them.") long count) {
    }

    /** The kinds of warning. */
    public enum WarningCode {
        /** A training dataset holds labels made under more than one rubric version. */
        DATASET_MIXES_RUBRIC_VERSIONS,
        /** Labels from a reviewer that no calibration under that rubric version passed. */
        UNCALIBRATED_REVIEWER,
        /** An eval example's prompt also reaches the training data. */
        EVAL_PROMPT_IN_TRAINING,
        /** An eval run the gate read used data that is not held out. */
        EVAL_DATA_NOT_HELD_OUT,
        /** Training labels recorded without consent or provenance. */
        CONSENT_MISSING,
        /** Training labels carrying feedback of a data subject whose consent was revoked (as of asOf). */
        CONSENT_REVOKED,
        /** An RL or DPO run optimized against a reward model that no REWARD_MODEL_CALIBRATION eval run evaluated. */
        REWARD_MODEL_UNCALIBRATED,
        /** Training labels whose item has another judgment under the same rubric version and no adjudication. */
        UNRESOLVED_CONFLICT
    }
}
