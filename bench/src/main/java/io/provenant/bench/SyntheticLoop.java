package io.provenant.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A deterministic (seeded) synthetic human-feedback loop in the story fixture's vocabulary
 * (src/test/java/io/provenant/StoryFixture.java), at any number of feedback events:
 *
 * <ul>
 * <li>policy {@code harmlessness} v1→v2; rubric {@code harmlessness-rating} v1, v2 (drift under policy v1) and v3
 * (policy v2); events take the rubric version of their time (first 40%, next 35%, last 25%);</li>
 * <li>200 reviewers (190 labelers, 10 senior reviewers), one gold calibration per rubric version in which ~10% of
 * the reviewers fail;</li>
 * <li>feedback with prompt reuse: 30% of the events draw from a pool of popular prompts (skewed), one in a
 * thousand repeats the previous event's prompt with a conflicting label and is adjudicated; triage (0.1%),
 * escalations (0.04%), 0.1% without consent;</li>
 * <li>splits by prompt (train ~94%, held-out 3%, eval 3%), so no prompt crosses splits except the controlled
 * leak: the last {@link #leaks()} events are eval examples repeating a training prompt up to case and white
 * space;</li>
 * <li>datasets {@code hh-train@1} (rubric v1+v2), {@code hh-train@2} (all, mixes rubric versions),
 * {@code rm-prefs@1}, {@code hh-heldout@1}, {@code hh-eval@1}; SFT → reward model → RL → RL refresh → adapter
 * refresh over checkpoints {@code base-7b, sft-7b, rm-7b, assistant-7b@1..3}, an eval run against a reference,
 * a PASS gate and a release per {@code assistant-7b} version.</li>
 * </ul>
 * Every attribute of event i is a pure function of (seed, i), so events are generated on the fly in any order and
 * the loop at 1M events never sits in memory.
 */
public final class SyntheticLoop {

    public static final String PROJECT = "assistant";
    public static final int REVIEWERS = 200;
    public static final int SENIORS = 10;
    public static final String POLICY_V1 = "policy:harmlessness@1";
    public static final String POLICY_V2 = "policy:harmlessness@2";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TOPICS = {"pick a lock", "treat a burn", "write a cover letter", "bypass a paywall",
        "sort a list in Java", "make a strong password", "invest my savings", "fix a leaking tap", "identify a mushroom",
        "talk to my doctor about side effects", "track someone's phone", "write a haiku about rain"};

    /** One registration through the API: the mutation's name, its input type and the input. */
    static final String TRIAGE_RULES = "triage:safety-routing@7";

    public record Step(String mutation, String inputType, Map<String, Object> input) {
        public String ref() {
            String kind = switch (mutation) {
                case "registerTrainingRun" -> "training-run";
                case "registerEvalRun" -> "eval-run";
                case "registerGatePolicy" -> "gate-policy";
                case "evaluateGate" -> "gate";
                default -> mutation.substring("register".length()).toLowerCase(Locale.ROOT);
            };
            return kind + ":" + input.get("key") + "@" + input.get("version");
        }
    }

    /** A dataset version: its registration and its members, added in pieces, then sealed. */
    public record DatasetPlan(Step registration, List<String> members) {
        public String ref() {
            return registration.ref();
        }
    }

    /** The attributes of event i that everything else is derived from. */
    record Ev(int i, int rubricVersion, String promptId, String split, int reviewer, int rating, boolean leak,
            boolean pairFirst, boolean pairSecond) {
    }

    private final int events;
    private final long seed;
    private final int leaks;
    private final int popular;
    private final Instant start = Instant.parse("2026-09-01T00:00:00Z");

    public SyntheticLoop(int events, long seed) {
        if (events < 100) {
            throw new IllegalArgumentException("A loop needs at least 100 feedback events, not " + events + ".");
        }
        this.events = events;
        this.seed = seed;
        this.leaks = Math.max(5, Math.min(100, events / 10_000));
        this.popular = Math.max(10, events / 50);
    }

    public int events() {
        return events;
    }

    /** Eval examples planted with a training prompt (what contamination must find). */
    public int leaks() {
        return leaks;
    }

    public long seed() {
        return seed;
    }

    private SplittableRandom random(int i, int stream) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + (long) i * 31 + stream);
    }

    // ----- events -----

    int rubricVersion(int i) {
        return i < events * 4L / 10 ? 1 : i < events * 75L / 100 ? 2 : 3;
    }

    private String promptIdOf(int i) {
        if (i % 1000 == 6 && i > 0) {
            return promptIdOf(i - 1); // the conflicting second label on the same item
        }
        SplittableRandom r = random(i, 1);
        if (r.nextInt(100) < 30) {
            double u = r.nextDouble();
            return "p" + (int) (popular * u * u * u); // skewed: a few prompts are very popular
        }
        return "u" + i;
    }

    private static String splitOf(String promptId) {
        int h = Math.floorMod(promptId.hashCode() * 0x45d9f3b, 100);
        return h < 3 ? "EVAL" : h < 6 ? "HELD_OUT" : "TRAIN";
    }

    private int firstLeak() {
        return events - leaks;
    }

    /** The training event whose prompt the leak j repeats. */
    private int leakSource(int j) {
        int c = j * 97 + 2;
        while (true) {
            Ev ev = plain(c);
            if (ev.split().equals("TRAIN") && !ev.pairFirst() && !ev.pairSecond()) {
                return c;
            }
            c++;
        }
    }

    private boolean adjudicated(int first) {
        return first % 1000 == 5 && first + 1 < firstLeak() && rubricVersion(first) == rubricVersion(first + 1);
    }

    private Ev plain(int i) {
        SplittableRandom r = random(i, 2);
        String promptId = promptIdOf(i);
        int reviewer = r.nextInt(REVIEWERS - SENIORS);
        int rating = 1 + Math.min(4, (int) (5 * Math.pow(r.nextDouble(), 0.7)));
        boolean pairFirst = adjudicated(i);
        boolean pairSecond = i > 0 && adjudicated(i - 1);
        if (pairSecond) {
            rating = 6 - plain(i - 1).rating(); // conflicts with the first label
        }
        return new Ev(i, rubricVersion(i), promptId, splitOf(promptId), reviewer, rating, false, pairFirst, pairSecond);
    }

    Ev ev(int i) {
        if (i >= firstLeak()) {
            Ev source = plain(leakSource(i - firstLeak()));
            return new Ev(i, rubricVersion(i), source.promptId(), "EVAL", random(i, 2).nextInt(REVIEWERS - SENIORS),
                    3, true, false, false);
        }
        return plain(i);
    }

    static String key(int i) {
        return String.format(Locale.ROOT, "fb-%07d", i);
    }

    public static String feedbackRef(int i) {
        return "feedback:" + key(i) + "@1";
    }

    static String reviewerRef(int r) {
        return String.format(Locale.ROOT, "reviewer:r-%03d@1", r);
    }

    static String rubricRef(int v) {
        return "rubric:harmlessness-rating@" + v;
    }

    static String policyFor(int rubricVersion) {
        return rubricVersion < 3 ? POLICY_V1 : POLICY_V2;
    }

    private String promptText(String promptId) {
        int n = Integer.parseInt(promptId.substring(1));
        String topic = TOPICS[Math.floorMod(promptId.hashCode(), TOPICS.length)];
        return (promptId.charAt(0) == 'p' ? "How do I " + topic + "? (popular #" : "Could you help me " + topic + "? (case #")
                + n + ")";
    }

    /** The recordFeedback input of event i (the story fixture's shape). */
    public Map<String, Object> event(int i) {
        return event(key(i), i, ev(i));
    }

    /**
     * Event n of the profiled pass that follows the measured run: shaped like the loop's plain events, under keys of
     * its own ({@code fbp-…}), so it changes none of the loop's artifacts.
     */
    public Map<String, Object> profileEvent(int n) {
        return event(String.format(Locale.ROOT, "fbp-%07d", n), n, plain(n % firstLeak()));
    }

    private Map<String, Object> event(String key, int i, Ev ev) {
        String prompt = promptText(ev.promptId());
        if (ev.leak()) {
            prompt = "  " + prompt.toUpperCase(Locale.ROOT).replace(" ", "   ") + "\n"; // same normalized prompt
        }
        Map<String, Object> consent = i % 997 == 13 ? null
                : m("source", "beta-program", "subject", "subject-" + (i % Math.max(1, events / 10)), "basis", "consent");
        return m("key", key, "version", "1", "project", PROJECT,
                "prompt", prompt,
                // The conflicting second label judges the same item (prompt and response) as the first.
                "response", "Response " + (ev.pairSecond() ? i - 1 : i) + " to: " + prompt.strip() + " Here is a careful, complete answer.",
                "triage", i % 1000 == 3 ? m("rules", TRIAGE_RULES, "category", "dangerous-advice",
                        "severity", i % 2000 == 3 ? "high" : "medium") : null,
                "judgment", m("type", "RATING", "rating", (double) ev.rating(), "comment", "per rubric"),
                "reviewer", reviewerRef(ev.reviewer()), "rubric", rubricRef(ev.rubricVersion()),
                "policy", policyFor(ev.rubricVersion()),
                "promptTemplate", i % 10 == 0 ? "chat-v2" : "chat-v3", "roleFormat", "system-user-assistant",
                "decoder", m("model", "sampler-7b", "temperature", 0.7, "topP", 0.95, "maxTokens", 512, "seed", 42),
                "consent", consent,
                "occurredAt", start.plusSeconds((long) i * 7_776_000L / events).toString());
    }

    // ----- registrations -----

    /** Policies, rubrics, reviewers and calibrations: what feedback refers to. */
    public List<Step> preamble() {
        List<Step> steps = new ArrayList<>();
        steps.add(step("Policy", "harmlessness", "1", "title", "Harmlessness", "text", "Refuse to help with clearly harmful requests."));
        steps.add(step("Policy", "harmlessness", "2", "title", "Harmlessness", "supersedes", POLICY_V1,
                "text", "Refuse clearly harmful requests; answer benign ones fully (no over-refusal)."));
        for (int v = 1; v <= 3; v++) {
            steps.add(step("Rubric", "harmlessness-rating", Integer.toString(v), "policy", policyFor(v),
                    "supersedes", v == 1 ? null : rubricRef(v - 1),
                    "criteria", List.of(m("name", "harmless", "description", "Does not help cause harm (revision " + v + ")."),
                            m("name", "helpful", "description", "Still answers benign requests.")),
                    "labelSchema", m("type", "RATING", "ratingMin", 1.0, "ratingMax", 5.0),
                    "calibrationThreshold", 0.6));
        }
        for (int r = 0; r < REVIEWERS; r++) {
            boolean senior = r >= REVIEWERS - SENIORS;
            steps.add(step("Reviewer", String.format(Locale.ROOT, "r-%03d", r), "1",
                    "role", senior ? "senior-reviewer" : "labeler", "tier", senior ? 2 : 1));
        }
        for (int v = 1; v <= 3; v++) {
            // 10 gold items (ratings 4 and 2); a passing reviewer matches gold, a failing one (~10%) rates everything 4.
            List<Map<String, Object>> items = new ArrayList<>();
            for (int item = 0; item < 10; item++) {
                double gold = item < 5 ? 4.0 : 2.0;
                List<Map<String, Object>> labels = new ArrayList<>();
                for (int r = 0; r < REVIEWERS; r++) {
                    boolean passes = (r * 7 + v) % 10 != 0;
                    labels.add(m("reviewer", reviewerRef(r), "judgment", m("type", "RATING", "rating", passes ? gold : 4.0)));
                }
                items.add(m("item", "gold-" + item, "gold", m("type", "RATING", "rating", gold), "labels", labels));
            }
            steps.add(step("Calibration", "gold-2026-" + (9 + v), "1", "rubric", rubricRef(v), "threshold", 0.6, "items", items));
        }
        steps.add(step("Triage", "safety-routing", "7", "rules", List.of(m("category", "dangerous-advice", "severity", "high",
                "queue", "safety-urgent", "priority", 1), m("category", "dangerous-advice", "severity", "*", "queue", "safety",
                "priority", 5)), "defaultQueue", "general", "defaultPriority", 100));
        return steps;
    }

    /** Triage, escalations and adjudications of the recorded feedback. */
    public List<Step> review() {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < firstLeak(); i++) {
            if (i % 2500 == 11) {
                steps.add(step("Escalation", key(i), "1", "feedback", feedbackRef(i), "fromTier", 1, "toTier", 2,
                        "reason", "Policy-sensitive: unclear whether the request is benign.",
                        "resolution", m("resolvedBy", reviewerRef(REVIEWERS - SENIORS + i % SENIORS), "outcome", "label confirmed",
                                "judgment", m("type", "RATING", "rating", 4.0))));
            }
            if (adjudicated(i)) {
                steps.add(step("Adjudication", key(i) + "-" + (i + 1), "1",
                        "resolves", List.of(feedbackRef(i), feedbackRef(i + 1)),
                        "adjudicator", reviewerRef(REVIEWERS - SENIORS + (i / 1000) % SENIORS),
                        "rubric", rubricRef(rubricVersion(i)), "finalJudgment", m("type", "RATING", "rating", 3.0),
                        "rationale", "The two labels disagree; the rubric's benign-request clause applies."));
            }
        }
        return steps;
    }

    private static String adjudicationRef(int first) {
        return "adjudication:" + key(first) + "-" + (first + 1) + "@1";
    }

    private List<String> members(IntPredicate event, IntPredicate adjudication) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            if (event.test(i)) {
                members.add(feedbackRef(i));
            }
            if (i < firstLeak() && adjudicated(i) && adjudication.test(i)) {
                members.add(adjudicationRef(i));
            }
        }
        return members;
    }

    private boolean trainLabel(int i) {
        Ev ev = ev(i);
        return ev.split().equals("TRAIN") && !ev.pairFirst() && !ev.pairSecond();
    }

    /** The dataset versions, in registration order (parents first). */
    public List<DatasetPlan> datasets() {
        List<DatasetPlan> plans = new ArrayList<>();
        plans.add(new DatasetPlan(step("Dataset", "hh-train", "1", "split", "TRAIN",
                "selectionRule", "final labels under rubric v1+v2, excluding held-out and eval prompts", "derivedFrom", List.of()),
                members(i -> rubricVersion(i) < 3 && trainLabel(i),
                        i -> rubricVersion(i) < 3 && ev(i).split().equals("TRAIN"))));
        plans.add(new DatasetPlan(step("Dataset", "rm-prefs", "1", "split", "TRAIN",
                "selectionRule", "rubric v2 labels of hh-train, every fourth", "derivedFrom", List.of("dataset:hh-train@1")),
                members(i -> rubricVersion(i) == 2 && i % 4 == 0 && trainLabel(i), i -> false)));
        plans.add(new DatasetPlan(step("Dataset", "hh-train", "2", "split", "TRAIN", "supersedes", "dataset:hh-train@1",
                "selectionRule", "final labels under every rubric version", "derivedFrom", List.of("dataset:hh-train@1")),
                members(this::trainLabel, i -> ev(i).split().equals("TRAIN"))));
        plans.add(new DatasetPlan(step("Dataset", "hh-heldout", "1", "split", "HELD_OUT",
                "selectionRule", "prompts hashed to the held-out bucket (3%)", "derivedFrom", List.of()),
                members(i -> ev(i).split().equals("HELD_OUT") && !ev(i).pairFirst() && !ev(i).pairSecond(), i -> false)));
        plans.add(new DatasetPlan(step("Dataset", "hh-eval", "1", "split", "EVAL",
                "selectionRule", "prompts hashed to the eval bucket (3%)", "derivedFrom", List.of()),
                members(i -> ev(i).split().equals("EVAL") && !ev(i).pairFirst() && !ev(i).pairSecond(), i -> false)));
        return plans;
    }

    /** Checkpoints, training runs, eval runs, gates and releases, in dependency order. */
    public List<Step> chain() {
        List<Step> steps = new ArrayList<>();
        steps.add(step("Checkpoint", "base-7b", "1", "uri", "s3://models/base-7b", "weightsDigest", "sha256:base", "baseModel", "base-7b"));
        steps.add(run("sft-7b", "1", "SFT", List.of("dataset:hh-train@1"), "checkpoint:base-7b@1", null, null));
        steps.add(checkpoint("sft-7b", "1", "training-run:sft-7b@1", null));
        steps.add(run("rm-7b", "1", "REWARD_MODEL", List.of("dataset:rm-prefs@1"), "checkpoint:sft-7b@1", null, null));
        steps.add(checkpoint("rm-7b", "1", "training-run:rm-7b@1", null));
        steps.add(run("rl-7b", "1", "RL", List.of("dataset:hh-train@1"), "checkpoint:sft-7b@1", "checkpoint:rm-7b@1", null));
        steps.add(checkpoint("assistant-7b", "1", "training-run:rl-7b@1", null));
        release(steps, 1, "checkpoint:sft-7b@1", "2026.11");
        steps.add(run("rl-7b", "2", "RL", List.of("dataset:hh-train@2"), "checkpoint:assistant-7b@1", "checkpoint:rm-7b@1",
                "training-run:rl-7b@1"));
        steps.add(checkpoint("assistant-7b", "2", "training-run:rl-7b@2", "checkpoint:assistant-7b@1"));
        release(steps, 2, "checkpoint:assistant-7b@1", "2026.12");
        steps.add(run("adapter-7b", "1", "ADAPTER_REFRESH", List.of("dataset:hh-train@2"), "checkpoint:assistant-7b@2", null, null));
        steps.add(checkpoint("assistant-7b", "3", "training-run:adapter-7b@1", "checkpoint:assistant-7b@2"));
        release(steps, 3, "checkpoint:assistant-7b@2", "2027.01");
        return steps;
    }

    private void release(List<Step> steps, int v, String reference, String name) {
        String checkpoint = "checkpoint:assistant-7b@" + v;
        steps.add(step("EvalRun", "assistant-7b-safety", Integer.toString(v), "checkpoint", checkpoint, "reference", reference,
                "datasets", List.of("dataset:hh-heldout@1", "dataset:hh-eval@1"), "suiteVersion", "safety-suite@12",
                "decoder", m("temperature", 0.0, "maxTokens", 512),
                "metrics", List.of(m("slice", "harmful", "metric", "safety", "value", 0.95 + v * 0.01, "sampleCount", 400,
                                "referenceValue", 0.945 + v * 0.01),
                        m("slice", "benign", "metric", "benign_refusal_rate", "value", 0.04 - v * 0.005, "sampleCount", 600,
                                "referenceValue", 0.045 - v * 0.005),
                        m("slice", "benign", "metric", "helpfulness", "value", 0.78 + v * 0.02, "sampleCount", 600,
                                "referenceValue", 0.775 + v * 0.02))));
        if (v == 1) {
            steps.add(step("GatePolicy", "ship-gate", "4", "description", "Ship when no slice regresses by more than 2 points.",
                    "maxRegression", 0.02, "maxBenignRefusalIncrease", 0.02));
        }
        Step gate = step("Gate", "ship-assistant-7b", Integer.toString(v), "checkpoint", checkpoint, "gatePolicy", "gate-policy:ship-gate@4",
                "requestedBy", reviewerRef(REVIEWERS - 1),
                "signoffs", List.of(m("by", "dana", "role", "safety-lead", "at", "2026-11-02T12:00:00Z")));
        steps.add(new Step("evaluateGate", "EvaluateGateInput", gate.input()));
        steps.add(step("Release", "assistant", name, "checkpoint", checkpoint, "gate", "gate:ship-assistant-7b@" + v));
    }

    private static Step run(String key, String version, String method, List<String> datasets, String base, String rewardModel,
            String supersedes) {
        return step("TrainingRun", key, version, "method", method, "datasets", datasets, "baseCheckpoint", base,
                "rewardModel", rewardModel, "supersedes", supersedes,
                "config", m("promptTemplate", "chat-v3", "roleFormat", "system-user-assistant", "lossMask", "assistant-only",
                        "hyperparameters", List.of(m("name", "learning_rate", "value", "1e-5"), m("name", "epochs", "value", "2")),
                        "codeCommit", "4f2c1e9"));
    }

    private static Step checkpoint(String key, String version, String producedBy, String supersedes) {
        return step("Checkpoint", key, version, "producedBy", producedBy, "supersedes", supersedes,
                "uri", "s3://models/" + key + "-" + version, "weightsDigest", "sha256:" + key + "-" + version);
    }

    public String latestRelease() {
        return "release:assistant@2027.01";
    }

    public String finalCheckpoint() {
        return "checkpoint:assistant-7b@3";
    }

    /** The reviewer whose impact is measured (a labeler with ~1/190 of the labels). */
    public String impactReviewer() {
        return reviewerRef(17);
    }

    /** What the loop registers, per kind (the kinds' ids). */
    public Map<String, Long> expectedCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Step s : preamble()) {
            counts.merge(s.ref().substring(0, s.ref().indexOf(':')), 1L, Long::sum);
        }
        counts.put("feedback", (long) events);
        for (Step s : review()) {
            counts.merge(s.ref().substring(0, s.ref().indexOf(':')), 1L, Long::sum);
        }
        counts.put("dataset", 5L);
        for (Step s : chain()) {
            counts.merge(s.ref().substring(0, s.ref().indexOf(':')), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * Writes the whole loop as JSONL, one registration per line in registration order:
     * {@code {"mutation": "registerPolicy", "input": {...}}}, {@code {"mutation": "recordFeedback", "events": [...]}}
     * in batches, {@code {"mutation": "addDatasetMembers", "dataset": ..., "members": [...]}} and
     * {@code {"mutation": "sealDataset", "dataset": ...}}: what a bulk loader (or curl in a loop) sends.
     */
    public void writeJsonl(Path file, int batch) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Step s : preamble()) {
                line(out, m("mutation", s.mutation(), "input", s.input()));
            }
            for (int from = 0; from < events; from += batch) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (int i = from; i < Math.min(events, from + batch); i++) {
                    list.add(event(i));
                }
                line(out, m("mutation", "recordFeedback", "events", list));
            }
            for (Step s : review()) {
                line(out, m("mutation", s.mutation(), "input", s.input()));
            }
            for (DatasetPlan d : datasets()) {
                line(out, m("mutation", d.registration().mutation(), "input", d.registration().input()));
                for (int from = 0; from < d.members().size(); from += 10_000) {
                    line(out, m("mutation", "addDatasetMembers", "dataset", d.ref(),
                            "members", d.members().subList(from, Math.min(d.members().size(), from + 10_000))));
                }
                line(out, m("mutation", "sealDataset", "dataset", d.ref()));
            }
            for (Step s : chain()) {
                line(out, m("mutation", s.mutation(), "input", s.input()));
            }
        }
    }

    private static void line(Writer out, Map<String, Object> value) throws IOException {
        out.write(JSON.writeValueAsString(value));
        out.write('\n');
    }

    private static Step step(String kind, String key, String version, Object... fields) {
        Map<String, Object> input = m("key", key, "version", version, "project", PROJECT);
        input.putAll(m(fields));
        return new Step("register" + kind, kind + "Input", input);
    }

    /** A map from alternating keys and values (null values are left out), as in the story fixture. */
    static Map<String, Object> m(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }
}
