package io.provenant.artifact;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.provenant.api.ProvenantError;
import io.provenant.security.Guarded;

/** Registration of every kind (SPEC §3) and look-up of what was registered. */
@GraphQLApi
@Guarded
public class RegistrationApi {

    /** What a register… mutation did. */
    public record Registration(@NonNull Artifact artifact,
            @NonNull @Description("false when the same artifact was already registered (idempotent retry)") boolean created,
            @NonNull @Description(PROJECTED) boolean projected) {
    }

    /** What a recordFeedback call did. */
    public record FeedbackBatch(@NonNull int accepted, @NonNull int created, @NonNull int unchanged,
            @NonNull @Description("The events' refs, in input order.") List<@NonNull String> refs,
            @NonNull @Description(PROJECTED) boolean projected) {
    }

    static final String PROJECTED = "Whether the lineage graph shows it yet. false: it is journaled (accepted, never lost) and"
            + " waits for the background projector, e.g. while Neo4j is unavailable; lineage answers include it once projected.";

    /** A dataset version after adding members. */
    public record DatasetMembers(@NonNull String dataset, @NonNull long memberCount,
            @NonNull @Description("Members new to the dataset in this call.") long added) {
    }

    @Inject
    Registrar registrar;

    @Inject
    Datasets datasets;

    @Inject
    ArtifactCatalog catalog;

    @ConfigProperty(name = "provenant.feedback.max-batch")
    int maxFeedbackBatch;

    private Registration registration(RegistrationInput input) {
        Registrar.Outcome outcome = registrar.register(input);
        return new Registration(catalog.find(outcome.ref()).orElseThrow(), outcome.created(), outcome.projected());
    }

    @Mutation
    @Description("Registers a policy version.")
    public @NonNull Registration registerPolicy(@NonNull PolicyInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Registers a rubric version implementing a policy version.")
    public @NonNull Registration registerRubric(@NonNull RubricInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Registers a reviewer.")
    public @NonNull Registration registerReviewer(@NonNull ReviewerInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Registers the triage (routing) of a feedback event.")
    public @NonNull Registration registerTriage(@NonNull TriageInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Registers an escalation of a feedback event to a higher review tier.")
    public @NonNull Registration registerEscalation(@NonNull EscalationInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Registers a reviewer calibration run under a rubric version.")
    public @NonNull Registration registerCalibration(@NonNull CalibrationInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Registers an adjudication that resolves conflicting labels into a final one.")
    public @NonNull Registration registerAdjudication(@NonNull AdjudicationInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Registers a dataset version (then addDatasetMembers in pieces, then sealDataset).")
    public @NonNull Registration registerDataset(@NonNull DatasetInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Registers a training run (SFT, reward model, RL, DPO, adapter refresh).")
    public @NonNull Registration registerTrainingRun(@NonNull TrainingRunInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Registers a checkpoint.")
    public @NonNull Registration registerCheckpoint(@NonNull CheckpointInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Registers an eval run of a checkpoint against a reference.")
    public @NonNull Registration registerEvalRun(@NonNull EvalRunInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Registers a release gate policy version (gate decisions are made by evaluateGate).")
    public @NonNull Registration registerGatePolicy(@NonNull GatePolicyInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Registers a release of a checkpoint under a PASS gate decision, or a FAIL one with an approver's override.")
    public @NonNull Registration registerRelease(@NonNull ReleaseInput input) {
        return registration(input);
    }

    @Mutation
    @Description("Records a batch of feedback events atomically (all or none); identical retries are no-ops.")
    public @NonNull FeedbackBatch recordFeedback(@NonNull List<@NonNull FeedbackEventInput> events) {
        if (events.isEmpty()) {
            throw ProvenantError.invalid("events", "needs at least one event.");
        }
        if (events.size() > maxFeedbackBatch) {
            throw ProvenantError.invalid("events", "has " + events.size() + " events; at most " + maxFeedbackBatch + " per call.");
        }
        List<Registrar.Outcome> outcomes = registrar.registerAll("events", events);
        int created = (int) outcomes.stream().filter(Registrar.Outcome::created).count();
        return new FeedbackBatch(outcomes.size(), created, outcomes.size() - created,
                outcomes.stream().map(o -> o.ref().toString()).toList(), outcomes.get(0).projected());
    }

    @Mutation
    @Description("Adds members (feedback or adjudication refs) to an unsealed dataset version; members already in it are skipped.")
    public @NonNull DatasetMembers addDatasetMembers(@NonNull String dataset, @NonNull List<@NonNull String> members) {
        Datasets.State state = datasets.addMembers(dataset, members);
        return new DatasetMembers(state.dataset().toString(), state.memberCount(), state.added());
    }

    @Mutation
    @Description("Seals a dataset version: computes its content digest; it never changes again. Sealing twice is a no-op.")
    public @NonNull Artifact sealDataset(@NonNull String dataset) {
        Datasets.State state = datasets.seal(dataset);
        return catalog.find(state.dataset()).orElseThrow();
    }

    @Query
    @Description("The artifact with this ref, or null.")
    public Artifact artifact(@NonNull String ref) {
        return catalog.find(ArtifactRef.parse("ref", ref)).orElse(null);
    }

    @Query
    @Description("Artifacts in registration order, filtered by kind, project and key prefix; keyset paging.")
    public @NonNull ArtifactCatalog.ArtifactConnection artifacts(Kind kind, String project, String keyPrefix,
            @DefaultValue("50") Integer first, String after) {
        return catalog.page(kind, project, keyPrefix, null, first, after);
    }

    @Query
    @Description("The versions of one kind and key, in registration order.")
    public @NonNull ArtifactCatalog.ArtifactConnection versions(@NonNull Kind kind, @NonNull String key,
            @DefaultValue("50") Integer first, String after) {
        return catalog.page(kind, null, null, key, first, after);
    }
}
