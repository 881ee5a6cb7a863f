package io.provenant.release;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.provenant.api.ProvenantError;
import io.provenant.artifact.Artifact;
import io.provenant.artifact.ArtifactCatalog;
import io.provenant.artifact.ArtifactFeed;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.EvalRunInput;
import io.provenant.artifact.EvaluateGateInput;
import io.provenant.artifact.GateDecision;
import io.provenant.artifact.GateInput;
import io.provenant.artifact.Kind;
import io.provenant.artifact.Registrar;
import io.provenant.artifact.RegistrationPayloads;
import io.provenant.security.Guarded;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;

/** Regression safety checks, gate decisions and their reports. */
@GraphQLApi
@Guarded
public class ReleaseGateApi {

    /** What evaluateGate did: the registered decision and its report. */
    public record GateEvaluationResult(@NonNull Artifact artifact,
            @NonNull @Description("false when the same decision (same evidence) was already registered") boolean created,
            @NonNull boolean projected, @NonNull GateReport report) {
    }

    @Inject
    GateEvaluation evaluation;

    @Inject
    ArtifactFeed feed;

    @Inject
    io.provenant.security.Caller caller;

    @Inject
    ArtifactCatalog catalog;

    @Inject
    RegistrationPayloads payloads;

    @Mutation
    @Description("Evaluates a gate policy on a checkpoint from the registered evidence and registers the decision"
            + " (a gate artifact listing every criterion). registerRelease needs a PASS decision, or an approver's override.")
    public @NonNull GateEvaluationResult evaluateGate(@NonNull EvaluateGateInput input) {
        Registrar.Outcome outcome = evaluation.evaluate(input);
        Artifact artifact = catalog.find(outcome.ref()).orElseThrow();
        return new GateEvaluationResult(artifact, outcome.created(), outcome.projected(), report(artifact));
    }

    @Query
    @Description("A gate decision's report: its criteria with evidence, value, limit and pass/fail, and each failure pressure.")
    public GateReport gateReport(@NonNull String gate) {
        ArtifactRef ref = ArtifactRef.parse("gate", gate, Kind.GATE);
        return catalog.find(ref).map(this::report).orElseThrow(() -> ProvenantError.notFound("gate", ref.toString()));
    }

    @Query
    @Description("An eval run's deltas vs its reference checkpoint, with 95% confidence intervals from the sample counts.")
    public RegressionCheck regressionCheck(@NonNull String evalRun) {
        ArtifactRef ref = ArtifactRef.parse("evalRun", evalRun, Kind.EVAL_RUN);
        Artifact artifact = catalog.find(ref).orElseThrow(() -> ProvenantError.notFound("evalRun", ref.toString()));
        return RegressionCheck.of((EvalRunInput) payloads.read(Kind.EVAL_RUN, artifact.payload()));
    }

    @Subscription
    @Description("Gate decisions as evaluateGate registers them (after the journal commit), in journal order: the decision's"
            + " report. Filters: projects (null: all) and decision (null: both). afterSequence: resume after this journal"
            + " position; null: from now on.")
    public Multi<@NonNull GateReport> gateDecided(List<String> projects, GateDecision decision,
            Long afterSequence) {
        return feed.registered(ArtifactFeed.scope(caller.principal(), projects), List.of(Kind.GATE), afterSequence).map(this::report)
                .filter(report -> decision == null || report.decision() == decision);
    }

    private GateReport report(Artifact artifact) {
        return GateReport.of(artifact, (GateInput) payloads.read(Kind.GATE, artifact.payload()));
    }
}
