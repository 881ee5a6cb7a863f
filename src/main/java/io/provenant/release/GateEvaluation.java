package io.provenant.release;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.provenant.api.ProvenantError;
import io.provenant.artifact.Artifact;
import io.provenant.artifact.ArtifactCatalog;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.Checks;
import io.provenant.artifact.EvalPurpose;
import io.provenant.artifact.EvalRunInput;
import io.provenant.artifact.EvaluateGateInput;
import io.provenant.artifact.FailurePressure;
import io.provenant.artifact.GateCheck;
import io.provenant.artifact.GateCriterion;
import io.provenant.artifact.GateDecision;
import io.provenant.artifact.GateInput;
import io.provenant.artifact.GatePolicyInput;
import io.provenant.artifact.Kind;
import io.provenant.artifact.Registrar;
import io.provenant.artifact.RegistrationPayloads;
import io.provenant.artifact.SignoffInput;
import io.provenant.journal.Projector;
import io.provenant.lineage.Provenance;
import io.provenant.lineage.ReleaseProvenance.ProvenanceWarning;
import io.provenant.lineage.ReleaseProvenance.WarningCode;
import io.provenant.security.Caller;

/**
 * evaluateGate: reads the evidence for a checkpoint (its eval runs from the journal; its training chain's labels,
 * reviewers, consent, conflicts and reward models from the lineage graph), checks it against a gate policy, and
 * registers the decision (a {@code gate} artifact) listing every criterion with its value, limit, evidence and
 * pass/fail. PASS only when every criterion passed. The decision is journaled like any registration: repeating the
 * same evaluation on the same evidence is a no-op; once the evidence changed, the same ref is a CONFLICT (decisions
 * are immutable: evaluate a new version). An auditor reproduces it with the lineage questions as of its
 * registration time.
 */
@ApplicationScoped
public class GateEvaluation {

    @Inject
    Registrar registrar;

    @Inject
    ArtifactCatalog catalog;

    @Inject
    RegistrationPayloads payloads;

    @Inject
    Provenance provenance;

    @Inject
    Projector projector;

    @Inject
    Caller caller;

    public Registrar.Outcome evaluate(EvaluateGateInput input) {
        // Access first: a caller without it learns nothing of the evidence from validation errors.
        if (input.project() != null) {
            caller.requireWrite("input.project", input.project());
        }
        caller.requireReadOf("input.checkpoint", input.checkpoint());
        caller.requireReadOf("input.gatePolicy", input.gatePolicy());
        GateInput decision;
        try {
            decision = decide(input);
        } catch (ProvenantError e) {
            throw e.under("input");
        }
        return registrar.register(decision);
    }

    private GateInput decide(EvaluateGateInput input) {
        ArtifactRef checkpoint = Checks.ref("checkpoint", input.checkpoint(), Kind.CHECKPOINT);
        ArtifactRef policyRef = Checks.ref("gatePolicy", input.gatePolicy(), Kind.GATE_POLICY);
        Checks.ref("requestedBy", input.requestedBy(), Kind.REVIEWER);
        Artifact policyArtifact = catalog.find(policyRef).orElseThrow(() -> ProvenantError.notFound("gatePolicy", policyRef.toString()));
        GatePolicyInput policy = (GatePolicyInput) payloads.read(Kind.GATE_POLICY, policyArtifact.payload());
        catalog.find(checkpoint).orElseThrow(() -> ProvenantError.notFound("checkpoint", checkpoint.toString()));
        long pending = projector.pending();
        if (pending > 0) {
            throw ProvenantError.unavailable(pending + " journal entries are not in the lineage graph yet; a gate decision"
                    + " must read complete evidence. Retry when the projection backlog is 0.", null);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

        List<EvalRunInput> evalRuns = catalog.referencing(Kind.EVAL_RUN, "checkpoint", List.of(checkpoint.toString())).stream()
                .map(a -> (EvalRunInput) payloads.read(Kind.EVAL_RUN, a.payload())).toList();
        List<EvalRunInput> regressions = evalRuns.stream()
                .filter(e -> e.purposeOrDefault() == EvalPurpose.REGRESSION && e.reference() != null).toList();
        List<String> evalDatasets = regressions.stream().flatMap(e -> e.datasets().stream()).distinct().toList();
        Provenance.CheckpointFindings findings = provenance.checkpoint(checkpoint, evalDatasets, now);

        List<GateCriterion> criteria = new ArrayList<>();
        regression(policy, regressions, criteria);
        List<String> training = findings.datasets();
        if (Boolean.TRUE.equals(policy.requireCalibratedReviewers())) {
            criteria.add(fromWarnings(GateCheck.CALIBRATED_REVIEWERS, null, findings, training, "reviewers of the training labels",
                    EnumSet.of(WarningCode.UNCALIBRATED_REVIEWER), 0, "every reviewer passed a calibration under the label's rubric version"));
        }
        if (Boolean.TRUE.equals(policy.requireHeldOutVerified())) {
            List<String> read = new ArrayList<>(evalDatasets);
            read.addAll(training);
            criteria.add(fromWarnings(GateCheck.HELD_OUT_VERIFIED, null, findings, read, "eval prompts vs training data",
                    EnumSet.of(WarningCode.EVAL_PROMPT_IN_TRAINING), 0, "no eval prompt reaches the training data"));
        }
        if (Boolean.TRUE.equals(policy.requireConsent())) {
            criteria.add(fromWarnings(GateCheck.CONSENT_COMPLETE, null, findings, training, "consent of the training labels",
                    EnumSet.of(WarningCode.CONSENT_MISSING, WarningCode.CONSENT_REVOKED), 0,
                    "every training label has consent and none carries a revoked subject's feedback"));
        }
        if (Boolean.TRUE.equals(policy.requireCalibratedRewardModel())) {
            criteria.add(fromWarnings(GateCheck.REWARD_MODEL_CALIBRATED, FailurePressure.PROXY_REWARD, findings,
                    findings.rewardModelCalibrations(), "reward models optimized against", EnumSet.of(WarningCode.REWARD_MODEL_UNCALIBRATED), 0,
                    "every reward model an RL or DPO run optimized against has a calibration eval"));
        }
        if (policy.maxUnresolvedConflicts() != null) {
            criteria.add(fromWarnings(GateCheck.UNRESOLVED_CONFLICTS, FailurePressure.POLICY_AMBIGUITY, findings, training,
                    "training labels in unresolved conflicts", EnumSet.of(WarningCode.UNRESOLVED_CONFLICT),
                    policy.maxUnresolvedConflicts(), "conflicting judgments of the same item are adjudicated"));
        }
        if (Boolean.TRUE.equals(policy.requireConsistentRubricVersions())) {
            criteria.add(fromWarnings(GateCheck.CONSISTENT_RUBRIC_VERSIONS, FailurePressure.FEEDBACK_DRIFT, findings, training,
                    "rubric versions per training dataset", EnumSet.of(WarningCode.DATASET_MIXES_RUBRIC_VERSIONS), 0,
                    "no training dataset mixes versions of a rubric"));
        }
        Set<String> evidence = new LinkedHashSet<>();
        criteria.forEach(c -> evidence.addAll(c.evidence()));
        evidence.remove(checkpoint.toString());
        boolean passed = criteria.stream().allMatch(GateCriterion::passed);
        List<SignoffInput> signoffs = input.signoffs() == null ? null : List.copyOf(input.signoffs());
        return new GateInput(input.key(), input.version(), input.project(), input.supersedes(), policyRef.toString(),
                checkpoint.toString(), input.requestedBy(), signoffs, List.copyOf(evidence), criteria,
                passed ? GateDecision.PASS : GateDecision.FAIL);
    }

    /** The regression, benign-refusal, template and representation criteria from the checkpoint's eval runs. */
    private static void regression(GatePolicyInput policy, List<EvalRunInput> runs, List<GateCriterion> criteria) {
        if (runs.isEmpty()) {
            criteria.add(new GateCriterion(GateCheck.REGRESSION_EVIDENCE, null, "regression eval runs", false, 0.0, 1.0, List.of(),
                    "no eval run compares the checkpoint with a reference checkpoint"));
            return;
        }
        boolean benignMeasured = false;
        boolean templatesMeasured = false;
        boolean similarityMeasured = false;
        for (EvalRunInput run : runs) {
            String ref = run.ref().toString();
            RegressionCheck check = RegressionCheck.of(run);
            for (RegressionCheck.SliceDelta d : check.deltas()) {
                String subject = ref + " " + d.slice() + "/" + d.metric();
                double limit = policy.regressionLimit(d.slice());
                criteria.add(new GateCriterion(GateCheck.MAX_REGRESSION, null, subject, d.worsening() <= limit, d.worsening(), limit,
                        List.of(ref), describe(d) + "; limit " + limit + " on slice " + d.slice()));
            }
            if (policy.maxBenignRefusalIncrease() != null) {
                for (RegressionCheck.SliceDelta d : check.benignRefusal()) {
                    benignMeasured = true;
                    criteria.add(new GateCriterion(GateCheck.MAX_BENIGN_REFUSAL_INCREASE, FailurePressure.REFUSAL_SHORTCUT,
                            ref + " " + d.slice() + "/" + d.metric(), d.worsening() <= policy.maxBenignRefusalIncrease(), d.worsening(),
                            policy.maxBenignRefusalIncrease(), List.of(ref), describe(d)));
                }
            }
            if (policy.maxTemplateGap() != null) {
                for (RegressionCheck.TemplateGap g : check.templateGaps()) {
                    templatesMeasured = true;
                    criteria.add(new GateCriterion(GateCheck.TEMPLATE_GAP, FailurePressure.TEMPLATE_OVERFIT,
                            ref + " " + g.slice() + "/" + g.metric() + " under " + g.promptTemplate(), g.worsening() <= policy.maxTemplateGap(),
                            g.worsening(), policy.maxTemplateGap(), List.of(ref), g.metric() + " " + g.value() + " under " + g.promptTemplate()
                                    + " vs " + g.mainValue() + " under the main template"));
                }
            }
            if (policy.minRepresentationSimilarity() != null && check.representationSimilarity() != null) {
                similarityMeasured = true;
                RegressionCheck.Similarity s = check.representationSimilarity();
                criteria.add(new GateCriterion(GateCheck.REPRESENTATION_SIMILARITY, null, ref + " vs " + s.base(),
                        s.value() >= policy.minRepresentationSimilarity(), s.value(), policy.minRepresentationSimilarity(), List.of(ref, s.base()),
                        s.method() + " similarity " + s.value() + " to " + s.base()));
            }
        }
        List<String> read = runs.stream().map(r -> r.ref().toString()).toList();
        if (policy.maxBenignRefusalIncrease() != null && !benignMeasured) {
            criteria.add(new GateCriterion(GateCheck.MAX_BENIGN_REFUSAL_INCREASE, FailurePressure.REFUSAL_SHORTCUT, "benign refusal rate",
                    false, null, policy.maxBenignRefusalIncrease(), read, "benign_refusal_rate was not measured on its own"));
        }
        if (policy.maxTemplateGap() != null && !templatesMeasured) {
            criteria.add(new GateCriterion(GateCheck.TEMPLATE_GAP, FailurePressure.TEMPLATE_OVERFIT, "alternative prompt templates",
                    false, null, policy.maxTemplateGap(), read, "no result under an alternative prompt template"));
        }
        if (policy.minRepresentationSimilarity() != null && !similarityMeasured) {
            criteria.add(new GateCriterion(GateCheck.REPRESENTATION_SIMILARITY, null, "representation similarity", false, null,
                    policy.minRepresentationSimilarity(), read, "representation similarity to the base model was not measured"));
        }
    }

    private static String describe(RegressionCheck.SliceDelta d) {
        String text = d.metric() + " " + d.value() + " (n=" + d.sampleCount() + ") vs reference " + d.referenceValue() + " (n="
                + d.referenceSampleCount() + "): worsening " + round(d.worsening());
        return d.deltaLower() == null ? text : text + ", delta 95% CI [" + round(d.deltaLower()) + ", " + round(d.deltaUpper()) + "]";
    }

    private static String round(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    /** A criterion that passes while the chain's warnings of {@code codes} concern at most {@code limit} labels (or runs). */
    private static GateCriterion fromWarnings(GateCheck check, FailurePressure pressure, Provenance.CheckpointFindings findings,
            List<String> read, String subject, Set<WarningCode> codes, int limit, String rule) {
        List<ProvenanceWarning> hits = findings.warnings().stream().filter(w -> codes.contains(w.code())).toList();
        long count = hits.stream().mapToLong(ProvenanceWarning::count).sum();
        Set<String> evidence = new LinkedHashSet<>(read);
        hits.forEach(w -> evidence.addAll(w.refs()));
        String detail = hits.isEmpty() ? rule : hits.stream().map(ProvenanceWarning::message).collect(Collectors.joining(" "));
        return new GateCriterion(check, pressure, subject, count <= limit, (double) count, (double) limit, List.copyOf(evidence), detail);
    }
}
