package io.provenant.security;

import java.util.Map;

/**
 * The role every GraphQL root field needs: the one place access to an operation is decided. A root field
 * missing here is refused to every caller (fail closed), and a test checks that every served root field is
 * listed. Project scoping (which projects a token may read or write) is checked where the project is known.
 */
public final class Operations {

    private Operations() {
    }

    static final Map<String, Role> ROOT_FIELDS = Map.ofEntries(
            // Registration and writes: registrar.
            Map.entry("registerPolicy", Role.REGISTRAR),
            Map.entry("registerRubric", Role.REGISTRAR),
            Map.entry("registerReviewer", Role.REGISTRAR),
            Map.entry("registerTriage", Role.REGISTRAR),
            Map.entry("registerEscalation", Role.REGISTRAR),
            Map.entry("registerCalibration", Role.REGISTRAR),
            Map.entry("registerAdjudication", Role.REGISTRAR),
            Map.entry("registerDataset", Role.REGISTRAR),
            Map.entry("registerTrainingRun", Role.REGISTRAR),
            Map.entry("registerCheckpoint", Role.REGISTRAR),
            Map.entry("registerEvalRun", Role.REGISTRAR),
            Map.entry("registerGatePolicy", Role.REGISTRAR),
            Map.entry("registerRelease", Role.REGISTRAR),
            Map.entry("recordFeedback", Role.REGISTRAR),
            Map.entry("addDatasetMembers", Role.REGISTRAR),
            Map.entry("sealDataset", Role.REGISTRAR),
            Map.entry("evaluateGate", Role.REGISTRAR),
            Map.entry("revokeConsent", Role.REGISTRAR),
            // Administration.
            Map.entry("rebuildGraph", Role.ADMIN),
            Map.entry("createToken", Role.ADMIN),
            Map.entry("revokeToken", Role.ADMIN),
            Map.entry("tokens", Role.ADMIN),
            Map.entry("me", Role.READER),
            // Questions: reader.
            Map.entry("artifact", Role.READER),
            Map.entry("artifacts", Role.READER),
            Map.entry("versions", Role.READER),
            Map.entry("lineage", Role.READER),
            Map.entry("provDocument", Role.READER),
            Map.entry("releaseProvenance", Role.READER),
            Map.entry("impact", Role.READER),
            Map.entry("contamination", Role.READER),
            Map.entry("lineageDiff", Role.READER),
            Map.entry("datasetSelection", Role.READER),
            Map.entry("conflicts", Role.READER),
            Map.entry("reviewQueue", Role.READER),
            Map.entry("escalations", Role.READER),
            Map.entry("calibrationScores", Role.READER),
            Map.entry("rubricDrift", Role.READER),
            Map.entry("gateReport", Role.READER),
            Map.entry("regressionCheck", Role.READER),
            Map.entry("consentRevocation", Role.READER),
            Map.entry("consentRevocations", Role.READER),
            // Live subscriptions (GraphQL over WebSocket): reader.
            Map.entry("artifactRegistered", Role.READER),
            Map.entry("gateDecided", Role.READER),
            // The journal: auditor.
            Map.entry("auditLog", Role.AUDITOR),
            Map.entry("auditProof", Role.AUDITOR),
            Map.entry("verifyAudit", Role.AUDITOR),
            Map.entry("graphDigest", Role.AUDITOR));

    /** Root fields about the whole store (every project): they need a token scoped to every project. */
    static final java.util.Set<String> GLOBAL = java.util.Set.of("rebuildGraph", "graphDigest", "verifyAudit", "auditProof");

    /** The role a root field needs, or null when the field is not listed (then nobody may call it). */
    public static Role required(String rootField) {
        return ROOT_FIELDS.get(rootField);
    }
}
