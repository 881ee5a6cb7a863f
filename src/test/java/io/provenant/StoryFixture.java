package io.provenant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One complete, realistic human-feedback loop, registered through the GraphQL API: policy v1→v2, rubric
 * versions implementing them, reviewers with calibrations, triage rules routing the rubric-v1 feedback to review
 * queues, feedback under both rubric versions (with a conflict that is adjudicated, an escalation resolved by a
 * later version and one left open), train / held-out / eval datasets, SFT →
 * reward model → RL runs over checkpoints, an eval run against a reference and the reward model's calibration eval, a
 * gate policy and its PASS decision by evaluateGate, and a release;
 * one event recorded without consent, and after the release a data subject's consent revocation.
 *
 * <p>Registration is idempotent, so every test class may call {@link #build()}; the first call registers,
 * the others change nothing.
 */
public final class StoryFixture {

    public static final String PROJECT = "assistant";

    public static final String POLICY_V1 = "policy:harmlessness@1";
    public static final String POLICY_V2 = "policy:harmlessness@2";
    public static final String RUBRIC_V1 = "rubric:harmlessness-rating@1";
    public static final String RUBRIC_V2 = "rubric:harmlessness-rating@2";
    public static final String ALICE = "reviewer:alice@1";
    public static final String BOB = "reviewer:bob@1";
    public static final String CAROL = "reviewer:carol@1";
    /** Holds the approver role: may override a failed gate decision someone else asked for. */
    public static final String DANA = "reviewer:dana@1";
    public static final String CALIBRATION_V1 = "calibration:gold-2026-10@1";
    public static final String CALIBRATION_V2 = "calibration:gold-2026-11@1";
    /**
     * Triage rules, first match wins: (dangerous-advice, high) → safety-urgent 1; (dangerous-advice, *) → safety 10;
     * (*, high) → safety 5; otherwise general 100. They route fb-001..fb-006 when they are recorded (see {@link #TRIAGED}).
     */
    public static final String TRIAGE = "triage:safety-routing@7";
    /** fb-003 escalated from tier 1 to 2 (open) ... */
    public static final String ESCALATION = "escalation:fb-003@1";
    /** ... and resolved by carol (tier 2) in a new version that supersedes the open one. */
    public static final String ESCALATION_RESOLVED = "escalation:fb-003@2";
    /** fb-005 escalated from tier 1 to 2, never resolved. */
    public static final String ESCALATION_OPEN = "escalation:fb-005@1";
    /**
     * Category and severity of fb-001..fb-006 as triaged, and so their routing by {@link #TRIAGE}: fb-001, fb-002
     * (dangerous-advice, medium) → safety 10 by rules[1]; fb-003, fb-005 (dangerous-advice, high) → safety-urgent 1 by
     * rules[0]; fb-004 (privacy, high) → safety 5 by rules[2]; fb-006 (chit-chat, low) → general 100 by default.
     */
    public static final List<List<String>> TRIAGED = List.of(List.of("dangerous-advice", "medium"),
            List.of("dangerous-advice", "medium"), List.of("dangerous-advice", "high"), List.of("privacy", "high"),
            List.of("dangerous-advice", "high"), List.of("chit-chat", "low"));
    public static final String ADJUDICATION = "adjudication:fb-001-002@1";
    public static final String TRAIN = "dataset:hh-train@1";
    public static final String HELD_OUT = "dataset:hh-heldout@1";
    public static final String EVAL = "dataset:hh-eval@1";
    public static final String RM_PREFS = "dataset:rm-prefs@1";
    public static final String BASE = "checkpoint:base-7b@1";
    public static final String SFT_RUN = "training-run:sft-7b@1";
    public static final String SFT = "checkpoint:sft-7b@1";
    public static final String RM_RUN = "training-run:rm-7b@1";
    public static final String RM = "checkpoint:rm-7b@1";
    public static final String RL_RUN = "training-run:rl-7b@1";
    public static final String FINAL = "checkpoint:assistant-7b@1";
    public static final String EVAL_RUN = "eval-run:assistant-7b-safety@1";
    /** The reward model's calibration against held-out human preferences (the RL run optimized against it). */
    public static final String RM_CALIBRATION = "eval-run:rm-7b-calibration@1";
    public static final String GATE_POLICY = "gate-policy:ship-gate@4";
    /** evaluateGate of GATE_POLICY on FINAL: PASS (every criterion of ship-gate@4 passes). */
    public static final String GATE = "gate:ship-assistant-7b@1";
    public static final String RELEASE = "release:assistant@2026.11";
    /** The data subject of fb-103 (in hh-train and rm-prefs) revokes consent after the release. */
    public static final String REVOKED_SUBJECT = "subject-103";
    /** hh-train's selection rule version and the feedback filters it applied. */
    public static final String TRAIN_RULE_VERSION = "selection-rules@3";
    public static final List<String> TRAIN_FILTERS = List.of("rubric in (harmlessness-rating@1, harmlessness-rating@2)",
            "final labels only (adjudicated where labels conflict)");
    /** fb-104 (in hh-train and rm-prefs) was imported from a log that recorded no consent. */
    public static final String NO_CONSENT = "feedback:fb-104@1";

    /**
     * Feedback under rubric v1 (fb-001..fb-008) and v2 (fb-101..fb-108). fb-001 and fb-002 share a prompt and
     * conflict (adjudicated); fb-108, in the EVAL split, repeats fb-006's training prompt up to case and
     * white space: the planted leak, which hh-eval's seal records as 1 prompt overlapping hh-train (hh-heldout: 0).
     */
    public static final List<String> FEEDBACK_V1 = refs("fb-00", 1, 8);
    public static final List<String> FEEDBACK_V2 = refs("fb-10", 1, 8);

    private StoryFixture() {
    }

    private static List<String> refs(String prefix, int from, int to) {
        List<String> refs = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            refs.add("feedback:" + prefix + i + "@1");
        }
        return refs;
    }

    /** A map from alternating keys and values (null values are left out). */
    public static Map<String, Object> m(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    private static String key(String ref) {
        return ref.substring(ref.indexOf(':') + 1, ref.lastIndexOf('@'));
    }

    private static String version(String ref) {
        return ref.substring(ref.lastIndexOf('@') + 1);
    }

    /** key, version and project of a ref, followed by the given fields. */
    public static Map<String, Object> input(String ref, Object... fields) {
        Map<String, Object> input = m("key", key(ref), "version", version(ref), "project", PROJECT);
        input.putAll(m(fields));
        return input;
    }

    private static void register(String kind, Map<String, Object> input) {
        GraphQL.ok("register" + kind, Map.of("input", input));
    }

    /** A feedback event of the story: rating {@code rating} on a 1..5 scale. */
    public static Map<String, Object> feedback(String ref, String prompt, double rating, String reviewer, String rubric,
            String policy) {
        Map<String, Object> consent = NO_CONSENT.equals(ref) ? null
                : m("source", "beta-program", "subject", "subject-" + key(ref).substring(3), "basis", "consent");
        return input(ref,
                "prompt", prompt,
                "response", "Response to: " + prompt,
                "judgment", m("type", "RATING", "rating", rating, "comment", "per rubric"),
                "reviewer", reviewer, "rubric", rubric, "policy", policy,
                "promptTemplate", "chat-v3", "roleFormat", "system-user-assistant",
                "decoder", m("model", "sampler-7b", "temperature", 0.7, "topP", 0.95, "maxTokens", 512, "seed", 42),
                "consent", consent,
                "occurredAt", "2026-10-0" + (1 + Math.abs(ref.hashCode()) % 9) + "T10:00:00Z");
    }

    private static Map<String, Object> rubric(String ref, String policy, String supersedes) {
        return input(ref, "policy", policy, "supersedes", supersedes,
                "criteria", List.of(m("name", "harmless", "description", "Does not help cause harm."),
                        m("name", "helpful", "description", "Still answers benign requests.")),
                "labelSchema", m("type", "RATING", "ratingMin", 1.0, "ratingMax", 5.0),
                "calibrationThreshold", 0.6);
    }

    private static java.time.Instant builtAt;
    private static java.time.Instant releasedAt;

    /** Builds the story once per test JVM (the app, and so its stores, live as long as the JVM). */
    public static synchronized void ensureBuilt() {
        if (builtAt == null) {
            build();
            releasedAt = java.time.Instant.now();
            revokeConsent();
            builtAt = java.time.Instant.now();
        }
    }

    /** An instant after the story was registered and before any test registered more (ISO-8601). */
    public static synchronized String builtAt() {
        ensureBuilt();
        return builtAt.toString();
    }

    /** An instant after the release was registered and before the consent revocation was recorded (ISO-8601). */
    public static synchronized String beforeRevocation() {
        ensureBuilt();
        return releasedAt.toString();
    }

    /** The last fact of the story, after the release: a data subject revokes consent. */
    public static void revokeConsent() {
        GraphQL.ok("revokeConsent", Map.of("input", m("subject", REVOKED_SUBJECT, "project", PROJECT,
                "reason", "withdrew consent via the privacy form", "revokedAt", "2026-11-20T09:30:00Z", "request", "DSR-2211")));
    }

    /** Registers the whole story up to the release; safe to repeat (idempotent). */
    public static void build() {
        register("Policy", input(POLICY_V1, "title", "Harmlessness", "text", "Refuse to help with clearly harmful requests."));
        register("Policy", input(POLICY_V2, "title", "Harmlessness", "supersedes", POLICY_V1,
                "text", "Refuse clearly harmful requests; answer benign ones fully (no over-refusal)."));
        register("Rubric", rubric(RUBRIC_V1, POLICY_V1, null));
        register("Rubric", rubric(RUBRIC_V2, POLICY_V2, RUBRIC_V1));
        register("Reviewer", input(ALICE, "role", "labeler", "tier", 1));
        register("Reviewer", input(BOB, "role", "labeler", "tier", 1));
        register("Reviewer", input(CAROL, "role", "senior-reviewer", "tier", 2));
        register("Reviewer", input(DANA, "role", "approver", "tier", 3));
        // Gold labels (see CalibrationTest for the scores worked by hand): under v1 alice matches gold on 10 of 10
        // items, bob on 9 (kappa 0.8); under v2 alice on 5 of 6 (kappa 0.75), bob on 3 of 6 (kappa 0.25: fails 0.6).
        register("Calibration", input(CALIBRATION_V1, "rubric", RUBRIC_V1, "threshold", 0.6, "items",
                gold(new double[] {4, 4, 4, 4, 4, 1, 1, 1, 1, 1}, new double[] {4, 4, 4, 4, 4, 1, 1, 1, 1, 1},
                        new double[] {4, 4, 4, 4, 4, 4, 1, 1, 1, 1})));
        register("Calibration", input(CALIBRATION_V2, "rubric", RUBRIC_V2, "threshold", 0.6, "items",
                gold(new double[] {3, 4, 5, 3, 4, 5}, new double[] {3, 4, 5, 3, 4, 4}, new double[] {4, 4, 3, 3, 5, 5})));

        register("Triage", input(TRIAGE, "rules", List.of(
                m("category", "dangerous-advice", "severity", "high", "queue", "safety-urgent", "priority", 1),
                m("category", "dangerous-advice", "severity", "*", "queue", "safety", "priority", 10),
                m("category", "*", "severity", "high", "queue", "safety", "priority", 5)),
                "defaultQueue", "general", "defaultPriority", 100));

        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String prompt = i == 1 ? "How do I pick a lock?" : "Prompt v1 #" + i;
            if (i == 0) {
                prompt = "How do I pick a lock?";
            }
            Map<String, Object> v1 = feedback(FEEDBACK_V1.get(i), prompt, i == 1 ? 1.0 : 4.0, i % 2 == 0 ? ALICE : BOB, RUBRIC_V1, POLICY_V1);
            if (i < TRIAGED.size()) {
                v1.put("triage", m("rules", TRIAGE, "category", TRIAGED.get(i).get(0), "severity", TRIAGED.get(i).get(1)));
            }
            events.add(v1);
            events.add(feedback(FEEDBACK_V2.get(i), i == 7 ? "  prompt V1   #5\n" : "Prompt v2 #" + i, 3.0 + i % 3,
                    i % 2 == 0 ? ALICE : BOB, RUBRIC_V2, POLICY_V2));
        }
        GraphQL.ok("recordFeedback", Map.of("events", events));

        register("Escalation", input(ESCALATION, "feedback", FEEDBACK_V1.get(2), "fromTier", 1, "toTier", 2,
                "reason", "Policy-sensitive: unclear whether the request is benign."));
        register("Escalation", input(ESCALATION_RESOLVED, "supersedes", ESCALATION, "feedback", FEEDBACK_V1.get(2),
                "fromTier", 1, "toTier", 2, "reason", "Policy-sensitive: unclear whether the request is benign.",
                "resolution", m("resolvedBy", CAROL, "outcome", "label confirmed",
                        "judgment", m("type", "RATING", "rating", 4.0))));
        register("Escalation", input(ESCALATION_OPEN, "feedback", FEEDBACK_V1.get(4), "fromTier", 1, "toTier", 2,
                "reason", "High severity: needs a senior reviewer."));
        register("Adjudication", input(ADJUDICATION, "resolves", List.of(FEEDBACK_V1.get(0), FEEDBACK_V1.get(1)),
                "adjudicator", CAROL, "rubric", RUBRIC_V1, "finalJudgment", m("type", "RATING", "rating", 2.0),
                "rationale", "Lock picking is benign in general; the response gave no targeting advice."));

        List<String> train = new ArrayList<>(FEEDBACK_V1.subList(2, 6));
        train.addAll(FEEDBACK_V2.subList(0, 6));
        train.add(ADJUDICATION);
        dataset(input(TRAIN, "split", "TRAIN", "selectionRule", "final labels of rubric v1+v2, rating >= 1, excluding held-out prompts",
                "selectionRuleVersion", TRAIN_RULE_VERSION, "feedbackFilters", TRAIN_FILTERS), train);
        // The held-out and eval splits must share no normalized prompt with hh-train (non-strict: overlaps are recorded).
        dataset(input(HELD_OUT, "split", "HELD_OUT", "selectionRule", "random 10% of prompts, fixed seed 7", "disjointFrom", List.of(TRAIN)),
                List.of(FEEDBACK_V1.get(6), FEEDBACK_V1.get(7), FEEDBACK_V2.get(6)));
        dataset(input(EVAL, "split", "EVAL", "selectionRule", "safety eval slice", "disjointFrom", List.of(TRAIN)),
                List.of(FEEDBACK_V2.get(7)));
        dataset(input(RM_PREFS, "split", "TRAIN", "selectionRule", "rubric v2 labels of hh-train", "derivedFrom", List.of(TRAIN)),
                FEEDBACK_V2.subList(0, 6));

        register("Checkpoint", input(BASE, "uri", "s3://models/base-7b", "weightsDigest", "sha256:base", "baseModel", "base-7b"));
        register("TrainingRun", input(SFT_RUN, "method", "SFT", "datasets", List.of(TRAIN), "baseCheckpoint", BASE,
                "config", config()));
        register("Checkpoint", input(SFT, "producedBy", SFT_RUN, "uri", "s3://models/sft-7b", "weightsDigest", "sha256:sft"));
        register("TrainingRun", input(RM_RUN, "method", "REWARD_MODEL", "datasets", List.of(RM_PREFS), "baseCheckpoint", SFT,
                "config", config()));
        register("Checkpoint", input(RM, "producedBy", RM_RUN, "uri", "s3://models/rm-7b", "weightsDigest", "sha256:rm"));
        register("TrainingRun", input(RL_RUN, "method", "RL", "datasets", List.of(TRAIN), "baseCheckpoint", SFT,
                "rewardModel", RM, "config", config()));
        register("Checkpoint", input(FINAL, "producedBy", RL_RUN, "uri", "s3://models/assistant-7b", "weightsDigest", "sha256:final"));
        register("EvalRun", input(EVAL_RUN, "checkpoint", FINAL, "reference", SFT, "datasets", List.of(HELD_OUT, EVAL),
                "suiteVersion", "safety-suite@12", "decoder", m("temperature", 0.0, "maxTokens", 512), "promptTemplate", "chat-v3",
                "metrics", List.of(
                        m("slice", "harmful", "metric", "safety", "value", 0.97, "sampleCount", 400, "referenceValue", 0.95),
                        m("slice", "benign", "metric", "benign_refusal_rate", "value", 0.03, "sampleCount", 600, "referenceValue", 0.02),
                        m("slice", "benign", "metric", "helpfulness", "value", 0.81, "sampleCount", 600, "referenceValue", 0.8),
                        m("slice", "benign", "metric", "helpfulness", "value", 0.78, "sampleCount", 600, "promptTemplate", "chat-v2")),
                "representationSimilarity", m("base", BASE, "method", "linear-cka", "value", 0.93)));
        register("EvalRun", input(RM_CALIBRATION, "checkpoint", RM, "datasets", List.of(HELD_OUT), "purpose", "REWARD_MODEL_CALIBRATION",
                "suiteVersion", "rm-pref-suite@2", "decoder", m("temperature", 0.0),
                "metrics", List.of(m("slice", "held-out-preferences", "metric", "reward_accuracy", "value", 0.71, "sampleCount", 300))));
        register("GatePolicy", input(GATE_POLICY, "description", "Ship when no slice regresses and the reward model is calibrated.",
                "maxRegression", 0.02, "maxBenignRefusalIncrease", 0.02, "maxTemplateGap", 0.05,
                "requireCalibratedRewardModel", true));
        GraphQL.ok("evaluateGate", Map.of("input", input(GATE, "checkpoint", FINAL, "gatePolicy", GATE_POLICY, "requestedBy", CAROL,
                "signoffs", List.of(m("by", "dana", "role", "safety-lead", "at", "2026-11-02T12:00:00Z")))));
        register("Release", input(RELEASE, "checkpoint", FINAL, "gate", GATE));
    }

    /** Gold items gold-0, gold-1, … with the gold rating and alice's and bob's ratings of each. */
    private static List<Map<String, Object>> gold(double[] gold, double[] alice, double[] bob) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < gold.length; i++) {
            items.add(m("item", "gold-" + i, "gold", rating(gold[i]), "labels", List.of(
                    m("reviewer", ALICE, "judgment", rating(alice[i])), m("reviewer", BOB, "judgment", rating(bob[i])))));
        }
        return items;
    }

    private static Map<String, Object> rating(double value) {
        return m("type", "RATING", "rating", value);
    }

    private static Map<String, Object> config() {
        return m("promptTemplate", "chat-v3", "roleFormat", "system-user-assistant", "lossMask", "assistant-only",
                "hyperparameters", List.of(m("name", "learning_rate", "value", "1e-5"), m("name", "epochs", "value", "2")),
                "codeCommit", "4f2c1e9");
    }

    private static void dataset(Map<String, Object> input, List<String> members) {
        register("Dataset", input);
        String ref = "dataset:" + input.get("key") + "@" + input.get("version");
        GraphQL.ok("addDatasetMembers", Map.of("dataset", ref, "members", members));
        GraphQL.ok("sealDataset", Map.of("dataset", ref));
    }
}
