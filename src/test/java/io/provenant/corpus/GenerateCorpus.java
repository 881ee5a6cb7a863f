package io.provenant.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the bad-input corpus (src/test/resources/corpus/*.jsonl) that {@code BadInputCorpusTest} runs: one JSON object
 * per line with {@code name}, {@code query}, {@code variables}, the expected {@code code} and, when the error names an
 * input field, {@code field}. Requests that are not GraphQL documents carry a raw {@code body} and the HTTP
 * {@code status}; {@code expand} repeats a variable's first list element (oversized batches), {@code pad} adds a
 * string variable of that many characters (oversized bodies) and {@code fill} replaces {@code FILL} in the query with
 * that many characters, so the files stay small. Entries with {@code empty} instead of {@code code} (literals.jsonl)
 * are hostile strings in free-text filters: accepted as literals, they must match nothing.
 *
 * <p>Every request is aimed at the story of {@code StoryFixture}: the injection entries put each payload into one
 * string argument of a registration of an artifact the story already has, so the request is refused either because
 * the argument is a ref, key, version or project that the payload does not fit ({@code INVALID_INPUT} naming it), or,
 * for free text, because the same ref now has other content ({@code CONFLICT}). Nothing may be written either way.
 *
 * <p>Run from the repository root after changing it: {@code java src/test/java/io/provenant/corpus/GenerateCorpus.java}
 * (plain JDK, no dependencies).
 */
public final class GenerateCorpus {

    static final String PROJECT = "assistant";
    static final String POLICY_V1 = "policy:harmlessness@1";
    static final String POLICY_V2 = "policy:harmlessness@2";
    static final String RUBRIC_V1 = "rubric:harmlessness-rating@1";
    static final String RUBRIC_V2 = "rubric:harmlessness-rating@2";
    static final String ALICE = "reviewer:alice@1";
    static final String CAROL = "reviewer:carol@1";
    static final String TRAIN = "dataset:hh-train@1";
    static final String HELD_OUT = "dataset:hh-heldout@1";
    static final String EVAL = "dataset:hh-eval@1";
    static final String BASE = "checkpoint:base-7b@1";
    static final String SFT_RUN = "training-run:sft-7b@1";
    static final String SFT = "checkpoint:sft-7b@1";
    static final String RM = "checkpoint:rm-7b@1";
    static final String FINAL = "checkpoint:assistant-7b@1";
    static final String EVAL_RUN = "eval-run:assistant-7b-safety@1";
    static final String GATE_POLICY = "gate-policy:ship-gate@4";
    static final String GATE = "gate:ship-assistant-7b@1";
    static final String RELEASE = "release:assistant@2026.11";
    static final String CALIBRATION = "calibration:gold-2026-10@1";

    /** Cypher and SQL injection attempts, control characters, a right-to-left override and a confusable. */
    static final List<String> PAYLOADS = List.of(
            "x' OR '1'='1",
            "'; DROP TABLE journal; --",
            "1; UPDATE journal SET payload = NULL; --",
            "x' UNION SELECT usename FROM pg_user --",
            "$$; DELETE FROM artifact; $$",
            "x\"}) MATCH (n) DETACH DELETE n //",
            "x'}) MATCH (n) DETACH DELETE n RETURN 1 //",
            "x` DETACH DELETE n //",
            "\" OR 1=1 CALL dbms.killQueries([]) //",
            "x\u0000y",
            "harm\u202Elessness",
            "p\u043Elicy:harmlessness@1");

    /** Refs that are wrong in one part each. */
    static final List<String> MALFORMED_REFS = List.of(
            "", "policy", "policy:", ":harmlessness@1", "policy:harmlessness@", "policy:harmlessness@1@2", "polcy:harmlessness@1",
            "policy:harm lessness@1", "policy:" + "k".repeat(201) + "@1", "policy:harmlessness@" + "9".repeat(65),
            "policy:harmless\u0000ness@1", "policy:harm\u202Elessness@1", "p\u043Elicy:harmlessness@1", "policy:harmlessness@1\n",
            "POLICY:harmlessness@1");

    private final List<String> lines = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/corpus");
        Files.createDirectories(dir);
        write(dir.resolve("injection.jsonl"), new GenerateCorpus().injection().lines);
        write(dir.resolve("refs-and-paging.jsonl"), new GenerateCorpus().refsAndPaging().lines);
        write(dir.resolve("documents-and-limits.jsonl"), new GenerateCorpus().documentsAndLimits().lines);
        write(dir.resolve("story-rules.jsonl"), new GenerateCorpus().storyRules().lines);
        write(dir.resolve("literals.jsonl"), new GenerateCorpus().literals().lines);
        write(dir.resolve("tokens.jsonl"), new GenerateCorpus().tokens().lines);
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        System.out.println(file + ": " + lines.size() + " entries");
    }

    // ---- the story's registrations, as bases to inject into ---------------------------------------------------------

    static Map<String, Object> m(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static Map<String, Object> input(String ref, Object... fields) {
        Map<String, Object> input = m("key", ref.substring(ref.indexOf(':') + 1, ref.lastIndexOf('@')),
                "version", ref.substring(ref.lastIndexOf('@') + 1), "project", PROJECT);
        input.putAll(m(fields));
        return input;
    }

    static Map<String, Object> feedback() {
        return input("feedback:fb-001@1", "prompt", "How do I pick a lock?", "response", "Response to: How do I pick a lock?",
                "judgment", m("type", "RATING", "rating", 4.0, "comment", "per rubric"),
                "reviewer", ALICE, "rubric", RUBRIC_V1, "policy", POLICY_V1,
                "promptTemplate", "chat-v3", "roleFormat", "system-user-assistant",
                "decoder", m("model", "sampler-7b", "temperature", 0.7),
                "consent", m("source", "beta-program", "subject", "subject-001", "basis", "consent"),
                "occurredAt", "2026-10-01T10:00:00Z");
    }

    static Map<String, Object> config() {
        return m("promptTemplate", "chat-v3", "roleFormat", "system-user-assistant", "codeCommit", "4f2c1e9");
    }

    /** A registration mutation of one story artifact and the string fields to inject into: R ref, I identity, T text. */
    record Base(String mutation, String inputType, Map<String, Object> input, Map<String, Character> strings) {
    }

    static Map<String, Character> s(Object... pathsAndClasses) {
        Map<String, Character> map = new LinkedHashMap<>();
        map.put("key", 'I');
        map.put("version", 'I');
        map.put("project", 'I');
        for (int i = 0; i < pathsAndClasses.length; i += 2) {
            map.put((String) pathsAndClasses[i], (Character) pathsAndClasses[i + 1]);
        }
        return map;
    }

    static List<Base> bases() {
        return List.of(
                new Base("registerPolicy", "PolicyInput", input(POLICY_V2, "title", "Harmlessness", "supersedes", POLICY_V1,
                        "text", "Refuse clearly harmful requests; answer benign ones fully (no over-refusal)."),
                        s("title", 'T', "text", 'T', "supersedes", 'R')),
                new Base("registerRubric", "RubricInput", input(RUBRIC_V1, "policy", POLICY_V1,
                        "criteria", List.of(m("name", "harmless", "description", "Does not help cause harm.")),
                        "labelSchema", m("type", "RATING", "ratingMin", 1.0, "ratingMax", 5.0)),
                        s("policy", 'R', "criteria[0].name", 'T', "criteria[0].description", 'T')),
                new Base("registerReviewer", "ReviewerInput", input(ALICE, "role", "labeler", "tier", 1), s("role", 'T')),
                new Base("registerEscalation", "EscalationInput", input("escalation:fb-003@1", "feedback", "feedback:fb-003@1",
                        "fromTier", 1, "toTier", 2, "reason", "Policy-sensitive: unclear whether the request is benign."),
                        s("feedback", 'R', "reason", 'T')),
                new Base("registerAdjudication", "AdjudicationInput", input("adjudication:fb-001-002@1",
                        "resolves", List.of("feedback:fb-001@1", "feedback:fb-002@1"), "adjudicator", CAROL, "rubric", RUBRIC_V1,
                        "finalJudgment", m("type", "RATING", "rating", 2.0),
                        "rationale", "Lock picking is benign in general; the response gave no targeting advice."),
                        s("resolves[0]", 'R', "adjudicator", 'R', "rubric", 'R', "rationale", 'T')),
                new Base("registerDataset", "DatasetInput", input(HELD_OUT, "split", "HELD_OUT",
                        "selectionRule", "random 10% of prompts, fixed seed 7", "disjointFrom", List.of(TRAIN)),
                        s("selectionRule", 'T', "disjointFrom[0]", 'R')),
                new Base("registerCheckpoint", "CheckpointInput", input(BASE, "uri", "s3://models/base-7b",
                        "weightsDigest", "sha256:base", "baseModel", "base-7b"),
                        s("uri", 'T', "weightsDigest", 'T', "baseModel", 'T')),
                new Base("registerTrainingRun", "TrainingRunInput", input(SFT_RUN, "method", "SFT", "datasets", List.of(TRAIN),
                        "baseCheckpoint", BASE, "config", config()),
                        s("datasets[0]", 'R', "baseCheckpoint", 'R', "config.promptTemplate", 'T', "config.codeCommit", 'T')),
                new Base("registerEvalRun", "EvalRunInput", input("eval-run:rm-7b-calibration@1", "checkpoint", RM,
                        "datasets", List.of(HELD_OUT), "purpose", "REWARD_MODEL_CALIBRATION", "suiteVersion", "rm-pref-suite@2",
                        "decoder", m("temperature", 0.0), "metrics", List.of(m("slice", "held-out-preferences",
                                "metric", "reward_accuracy", "value", 0.71, "sampleCount", 300))),
                        s("checkpoint", 'R', "datasets[0]", 'R', "suiteVersion", 'T', "metrics[0].slice", 'T')),
                new Base("registerGatePolicy", "GatePolicyInput", input(GATE_POLICY,
                        "description", "Ship when no slice regresses and the reward model is calibrated.", "maxRegression", 0.02),
                        s("description", 'T')),
                new Base("registerTriage", "TriageInput", input("triage:safety-routing@7", "rules", List.of(
                        m("category", "dangerous-advice", "severity", "high", "queue", "safety-urgent", "priority", 1)),
                        "defaultQueue", "general", "defaultPriority", 100),
                        s("rules[0].category", 'T', "rules[0].queue", 'T', "defaultQueue", 'T')),
                new Base("registerCalibration", "CalibrationInput", input(CALIBRATION, "rubric", RUBRIC_V1, "threshold", 0.6,
                        "items", List.of(m("item", "gold-0", "gold", m("type", "RATING", "rating", 4.0), "labels",
                                List.of(m("reviewer", ALICE, "judgment", m("type", "RATING", "rating", 4.0)))))),
                        s("rubric", 'R', "items[0].item", 'T', "items[0].labels[0].reviewer", 'R')),
                new Base("evaluateGate", "EvaluateGateInput", input(GATE, "checkpoint", FINAL, "gatePolicy", GATE_POLICY,
                        "requestedBy", CAROL), s("checkpoint", 'R', "gatePolicy", 'R', "requestedBy", 'R')),
                new Base("registerRelease", "ReleaseInput", input(RELEASE, "checkpoint", FINAL, "gate", GATE),
                        s("checkpoint", 'R', "gate", 'R')));
    }

    GenerateCorpus injection() {
        for (Base base : bases()) {
            String query = "mutation($input: " + base.inputType() + "!) { " + base.mutation() + "(input: $input) { created } }";
            base.strings().forEach((path, kind) -> {
                for (int p = 0; p < PAYLOADS.size(); p++) {
                    Map<String, Object> input = deepCopy(base.input());
                    set(input, path, kind == 'T' ? "edited " + PAYLOADS.get(p) : PAYLOADS.get(p));
                    // Free text is any text, but for U+0000 (PostgreSQL text cannot hold it), refused where it is.
                    boolean text = kind == 'T' && PAYLOADS.get(p).indexOf('\u0000') < 0;
                    entry("inject " + base.mutation() + " " + path + " #" + p, "injection", query, m("input", input),
                            text ? "CONFLICT" : "INVALID_INPUT", text ? "input" : "input." + path);
                }
            });
        }
        // recordFeedback: every string of an event the story has.
        Map<String, Character> event = s("prompt", 'T', "response", 'T', "reviewer", 'R', "rubric", 'R', "policy", 'R',
                "promptTemplate", 'T', "roleFormat", 'T', "decoder.model", 'T', "consent.source", 'T', "judgment.comment", 'T');
        String record = "mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { accepted created refs } }";
        event.forEach((path, kind) -> {
            for (int p = 0; p < PAYLOADS.size(); p++) {
                Map<String, Object> e = feedback();
                set(e, path, kind == 'T' ? "edited " + PAYLOADS.get(p) : PAYLOADS.get(p));
                boolean text = kind == 'T' && PAYLOADS.get(p).indexOf('\u0000') < 0;
                entry("inject recordFeedback events[0]." + path + " #" + p, "injection", record, m("events", List.of(e)),
                        text ? "CONFLICT" : "INVALID_INPUT", text ? "events[0]" : "events[0]." + path);
            }
        });
        // Datasets and consent by argument.
        for (int p = 0; p < PAYLOADS.size(); p++) {
            String payload = PAYLOADS.get(p);
            entry("inject addDatasetMembers dataset #" + p, "injection",
                    "mutation($d: String!, $m: [String!]!) { addDatasetMembers(dataset: $d, members: $m) { memberCount } }",
                    m("d", payload, "m", List.of("feedback:fb-007@1")), "INVALID_INPUT", "dataset");
            entry("inject addDatasetMembers members[0] #" + p, "injection",
                    "mutation($d: String!, $m: [String!]!) { addDatasetMembers(dataset: $d, members: $m) { memberCount } }",
                    m("d", "dataset:corpus-unregistered@1", "m", List.of(payload)), "INVALID_INPUT", "members[0]");
            entry("inject sealDataset dataset #" + p, "injection", "mutation($d: String!) { sealDataset(dataset: $d) { ref } }",
                    m("d", payload), "INVALID_INPUT", "dataset");
            entry("inject revokeConsent reason #" + p, "injection",
                    "mutation($i: ConsentRevocationInput!) { revokeConsent(input: $i) { created } }",
                    m("i", m("subject", "subject-103", "project", PROJECT, "reason", "edited " + payload,
                            "revokedAt", "2026-11-20T09:30:00Z", "request", "DSR-2211")),
                    payload.indexOf('\u0000') < 0 ? "CONFLICT" : "INVALID_INPUT", payload.indexOf('\u0000') < 0 ? "subject" : "reason");
            entry("inject revokeConsent project #" + p, "injection",
                    "mutation($i: ConsentRevocationInput!) { revokeConsent(input: $i) { created } }",
                    m("i", m("subject", "subject-103", "project", payload, "reason", "withdrew consent via the privacy form",
                            "revokedAt", "2026-11-20T09:30:00Z", "request", "DSR-2211")), "INVALID_INPUT", "project");
        }
        // Every ref- or project-valued argument of every question.
        for (Question q : questions()) {
            for (int p = 0; p < PAYLOADS.size(); p++) {
                entry("inject " + q.name() + " " + q.argument() + " #" + p, "injection", q.query(), m("v", PAYLOADS.get(p)),
                        "INVALID_INPUT", q.field());
            }
        }
        return this;
    }

    /** A question with its one String variable {@code $v} in the argument {@code argument}. */
    record Question(String name, String argument, String query, String field) {
    }

    static List<Question> questions() {
        return List.of(
                new Question("artifact", "ref", "query($v: String!) { artifact(ref: $v) { ref } }", "ref"),
                new Question("artifacts", "project", "query($v: String) { artifacts(project: $v) { edges { node { ref } } } }", "project"),
                new Question("versions", "key", "query($v: String!) { versions(kind: POLICY, key: $v) { edges { node { ref } } } }", "key"),
                new Question("lineage", "ref", "query($v: String!) { lineage(ref: $v) { truncated } }", "ref"),
                new Question("releaseProvenance", "release", "query($v: String!) { releaseProvenance(release: $v) { asOf } }", "release"),
                new Question("impact", "ref", "query($v: String) { impact(ref: $v) { asOf } }", "ref"),
                new Question("contamination", "checkpoint", "query($v: String!) { contamination(checkpoint: $v) { checkpoint } }", "checkpoint"),
                new Question("contamination", "evalDatasets", "query($v: String) { contamination(checkpoint: \"" + FINAL
                        + "\", evalDatasets: [$v]) { checkpoint } }", "evalDatasets[0]"),
                new Question("lineageDiff", "from", "query($v: String!) { lineageDiff(from: $v, to: \"" + RELEASE + "\") { summary } }", "from"),
                new Question("lineageDiff", "to", "query($v: String!) { lineageDiff(from: \"" + RELEASE + "\", to: $v) { summary } }", "to"),
                new Question("datasetSelection", "dataset", "query($v: String!) { datasetSelection(dataset: $v) { split } }", "dataset"),
                new Question("conflicts", "project", "query($v: String) { conflicts(project: $v) { pageInfo { hasNextPage } } }", "project"),
                new Question("conflicts", "rubric", "query($v: String) { conflicts(rubric: $v) { pageInfo { hasNextPage } } }", "rubric"),
                new Question("reviewQueue", "project", "query($v: String) { reviewQueue(queue: \"safety\", project: $v) { pageInfo { hasNextPage } } }", "project"),
                new Question("escalations", "project", "query($v: String) { escalations(project: $v) { pageInfo { hasNextPage } } }", "project"),
                new Question("calibrationScores", "calibration", "query($v: String!) { calibrationScores(calibration: $v) { calibration } }", "calibration"),
                new Question("gateReport", "gate", "query($v: String!) { gateReport(gate: $v) { decision } }", "gate"),
                new Question("regressionCheck", "evalRun", "query($v: String!) { regressionCheck(evalRun: $v) { evalRun } }", "evalRun"),
                new Question("consentRevocations", "project", "query($v: String) { consentRevocations(project: $v) { pageInfo { hasNextPage } } }", "project"),
                new Question("rubricDrift", "dataset", "query($v: String) { rubricDrift(dataset: $v) { asOf } }", "dataset"),
                new Question("rubricDrift", "release", "query($v: String) { rubricDrift(release: $v) { asOf } }", "release"),
                new Question("auditLog", "project", "query($v: String) { auditLog(project: $v) { pageInfo { hasNextPage } } }", "project"));
    }

    // ---- malformed refs, page sizes, cursors -------------------------------------------------------------------------

    GenerateCorpus refsAndPaging() {
        List<Question> refQuestions = questions().stream().filter(q -> List.of("artifact", "lineage", "releaseProvenance", "impact")
                .contains(q.name())).toList();
        for (int r = 0; r < MALFORMED_REFS.size(); r++) {
            String ref = MALFORMED_REFS.get(r);
            for (Question q : List.of(refQuestions.get(0), refQuestions.get(1), refQuestions.get(2), refQuestions.get(3))) {
                entry("malformed ref " + q.name() + " " + q.argument() + " #" + r, "malformed-ref", q.query(), m("v", ref),
                        "INVALID_INPUT", q.field());
            }
            Map<String, Object> rubric = input("rubric:corpus-rubric@1", "policy", ref,
                    "criteria", List.of(m("name", "n", "description", "d")), "labelSchema", m("type", "PREFERENCE"));
            entry("malformed ref registerRubric policy #" + r, "malformed-ref",
                    "mutation($input: RubricInput!) { registerRubric(input: $input) { created } }", m("input", rubric),
                    "INVALID_INPUT", "input.policy");
        }
        // Keys, versions and projects of a new artifact: overlong, control characters, confusables, RTL override.
        List<String> badKeys = List.of("k".repeat(201), "", " ", "a b", "a\u0000b", "a\tb", "a\nb", "a\u202Eb", "a\u200Bb",
                "h\u0430rmlessness", "ключ", "a:b", "a@b", "a*b", "..%2F..%2Fetc%2Fpasswd", "a\\b", "a'b", "a\"b", "a;b", "\uD83D\uDE00");
        // (not "../../etc/passwd": dots and slashes are key characters, so that is a key like any other)
        for (int k = 0; k < badKeys.size(); k++) {
            for (String part : List.of("key", "version", "project")) {
                Map<String, Object> policy = m("key", "corpus-policy", "version", "1", "project", PROJECT, "title", "T", "text", "x");
                String bad = part.equals("version") && k == 0 ? "9".repeat(65) : badKeys.get(k);
                policy.put(part, bad);
                entry("bad " + part + " #" + k, "malformed-identity",
                        "mutation($input: PolicyInput!) { registerPolicy(input: $input) { created } }", m("input", policy),
                        "INVALID_INPUT", "input." + part);
            }
        }
        // Page sizes and walk bounds.
        Map<String, String> paged = new LinkedHashMap<>();
        paged.put("artifacts", "artifacts(first: $n) { pageInfo { hasNextPage } }");
        paged.put("versions", "versions(kind: POLICY, key: \"harmlessness\", first: $n) { pageInfo { hasNextPage } }");
        paged.put("auditLog", "auditLog(first: $n) { pageInfo { hasNextPage } }");
        paged.put("conflicts", "conflicts(first: $n) { pageInfo { hasNextPage } }");
        paged.put("consentRevocations", "consentRevocations(first: $n) { pageInfo { hasNextPage } }");
        paged.put("escalations", "escalations(first: $n) { pageInfo { hasNextPage } }");
        paged.put("reviewQueue", "reviewQueue(queue: \"safety\", first: $n) { pageInfo { hasNextPage } }");
        paged.put("contamination", "contamination(checkpoint: \"" + FINAL + "\", first: $n) { checkpoint }");
        paged.put("lineage", "lineage(ref: \"" + RELEASE + "\", first: $n) { truncated }");
        paged.put("releaseProvenance.labels", "releaseProvenance(release: \"" + RELEASE + "\") { rubricGroups { labels(first: $n) { pageInfo { hasNextPage } } } }");
        paged.put("releaseProvenance.reviewers", "releaseProvenance(release: \"" + RELEASE + "\") { rubricGroups { reviewers(first: $n) { pageInfo { hasNextPage } } } }");
        paged.forEach((name, selection) -> {
            for (int n : new int[] {0, -1, 1_001, 100_000, Integer.MAX_VALUE}) {
                entry("page size " + name + " first " + n, "page-size", "query($n: Int) { " + selection + " }", m("n", n),
                        "INVALID_INPUT", "first");
            }
        });
        for (int n : new int[] {0, -1, 51, 1_000_000}) {
            entry("lineage maxDepth " + n, "walk-bound", "query($n: Int) { lineage(ref: \"" + RELEASE + "\", maxDepth: $n) { truncated } }",
                    m("n", n), "INVALID_INPUT", "maxDepth");
        }
        for (int n : new int[] {0, -1, 50_001, Integer.MAX_VALUE}) {
            entry("lineage maxNodes " + n, "walk-bound", "query($n: Int) { lineage(ref: \"" + RELEASE + "\", maxNodes: $n) { truncated } }",
                    m("n", n), "INVALID_INPUT", "maxNodes");
            entry("impact maxNodes " + n, "walk-bound", "query($n: Int) { impact(ref: \"" + RUBRIC_V1 + "\", maxNodes: $n) { asOf } }",
                    m("n", n), "INVALID_INPUT", "maxNodes");
        }
        // Forged and garbled cursors, for every paged list.
        List<String> cursors = List.of("garbage", "%%%", "", cursor("other:5"), cursor("artifact:abc"), cursor("artifact:-5"),
                cursor("artifact:99999999999999999999"), cursor("journal:1:2:3"), cursor("artifact:1' OR '1'='1"),
                cursor("lineage:1:2"), "YXJ0aWZhY3Q6MQ" + "\u0000", cursor("x".repeat(5000)));
        Map<String, String> after = new LinkedHashMap<>();
        after.put("artifacts", "artifacts(after: $c) { pageInfo { hasNextPage } }");
        after.put("auditLog", "auditLog(after: $c) { pageInfo { hasNextPage } }");
        after.put("conflicts", "conflicts(after: $c, status: ALL) { pageInfo { hasNextPage } }");
        after.put("consentRevocations", "consentRevocations(after: $c) { pageInfo { hasNextPage } }");
        after.put("escalations", "escalations(after: $c) { pageInfo { hasNextPage } }");
        after.put("reviewQueue", "reviewQueue(queue: \"safety\", after: $c) { pageInfo { hasNextPage } }");
        after.put("contamination", "contamination(checkpoint: \"" + FINAL + "\", after: $c) { checkpoint }");
        after.put("lineage", "lineage(ref: \"" + RELEASE + "\", after: $c) { truncated }");
        after.forEach((name, selection) -> {
            for (int c = 0; c < cursors.size(); c++) {
                String forged = cursors.get(c);
                if (name.equals("artifacts") || !forged.equals(cursor("artifact:-5"))) {
                    entry("cursor " + name + " #" + c, "cursor", "query($c: String) { " + selection + " }", m("c", forged),
                            "INVALID_INPUT", "after");
                }
            }
        });
        return this;
    }

    static String cursor(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- documents, HTTP bodies and request limits -------------------------------------------------------------------

    GenerateCorpus documentsAndLimits() {
        String policy = "mutation($input: PolicyInput!) { registerPolicy(input: $input) { created } }";
        // Syntax.
        List<String> broken = List.of("{ artifact(ref: \"x\" { ref } }", "{", "}", "query", "{ artifact(ref: ) { ref } }",
                "{ artifact(ref: \"x\") { ref }", "mutation { registerPolicy(input: {key: \"k\"}) { created }",
                "{ artifact(ref: \"unterminated) { ref } }", "{ artifact(ref: \"x\") { ref } } extra", "\u0000",
                "{ artifact(ref: \"\\uZZZZ\") { ref } }", "# only a comment", "{ ...on }", "query Q($: String) { artifact(ref: $) { ref } }",
                "{ artifact(ref: 1e) { ref } }", "{ a\u202E: artifact(ref: \"x\") { ref } }", "{ artifact(ref: \"x\") @ { ref } }");
        for (int i = 0; i < broken.size(); i++) {
            entry("syntax #" + i, "syntax", broken.get(i), m(), "INVALID_INPUT", null);
        }
        // Validation: unknown fields and arguments, wrong types, missing required fields and variables.
        List<String> invalid = List.of(
                "{ artifact(ref: \"" + POLICY_V1 + "\") { nope } }",
                "{ nope }",
                "{ artifact(ref: \"" + POLICY_V1 + "\", nope: 1) { ref } }",
                "{ artifact { ref } }",
                "{ artifact(ref: null) { ref } }",
                "{ artifact(ref: 42) { ref } }",
                "{ artifact(ref: [\"a\"]) { ref } }",
                "{ artifact(ref: \"" + POLICY_V1 + "\") }",
                "{ artifact(ref: \"" + POLICY_V1 + "\") { ref { x } } }",
                "{ artifacts(first: \"ten\") { pageInfo { hasNextPage } } }",
                "{ artifacts(first: 1.5) { pageInfo { hasNextPage } } }",
                "{ artifacts(first: 99999999999) { pageInfo { hasNextPage } } }",
                "{ artifacts(kind: NOPE) { pageInfo { hasNextPage } } }",
                "{ artifacts(kind: \"POLICY\") { pageInfo { hasNextPage } } }",
                "{ lineage(ref: \"" + RELEASE + "\", direction: SIDEWAYS) { truncated } }",
                "{ lineage(ref: \"" + RELEASE + "\", maxDepth: true) { truncated } }",
                "{ lineage(ref: \"" + RELEASE + "\", asOf: \"yesterday\") { truncated } }",
                "{ lineage(ref: \"" + RELEASE + "\", asOf: \"2026-13-45T99:00:00Z\") { truncated } }",
                "{ auditLog(from: 12) { pageInfo { hasNextPage } } }",
                "mutation { registerPolicy(input: {}) { created } }",
                "mutation { registerPolicy(input: {key: \"k\", version: \"1\", project: \"assistant\", title: \"T\", text: \"x\", bogus: 1}) { created } }",
                "mutation { registerPolicy { created } }",
                "mutation { registerPolicy(input: \"policy\") { created } }",
                "mutation { recordFeedback(events: \"all of them\") { accepted } }",
                "mutation { recordFeedback { accepted } }",
                "mutation { sealDataset(dataset: \"" + TRAIN + "\") }",
                "subscription { artifact(ref: \"x\") { ref } }",
                "query A { graphDigest { nodes } } query A { graphDigest { nodes } }",
                "query A { graphDigest { nodes } } query B { graphDigest { nodes } }",
                "fragment F on Artifact { ref } { artifact(ref: \"x\") { ref } }",
                "fragment F on Artifact { ...F } { artifact(ref: \"x\") { ...F } }",
                "{ artifact(ref: \"x\") { ...Missing } }",
                "{ artifact(ref: \"x\") @nope { ref } }",
                "query($r: String) { artifact(ref: $r) { ref } }",
                "query($unused: String) { graphDigest { nodes } }",
                "{ a: artifact(ref: \"" + POLICY_V1 + "\") { ref } a: artifact(ref: \"" + POLICY_V2 + "\") { ref } }",
                "mutation { rebuildGraph(now: true) { digest } }");
        for (int i = 0; i < invalid.size(); i++) {
            entry("validation #" + i, "validation", invalid.get(i), m(), "INVALID_INPUT", null);
        }
        entry("missing variable", "validation", "query($r: String!) { artifact(ref: $r) { ref } }", m(), "INVALID_INPUT", null);
        entry("variable of wrong type", "validation", "query($n: Int) { artifacts(first: $n) { pageInfo { hasNextPage } } }",
                m("n", "ten"), "INVALID_INPUT", null);
        entry("variable object for a string", "validation", "query($r: String!) { artifact(ref: $r) { ref } }",
                m("r", m("ref", POLICY_V1)), "INVALID_INPUT", null);
        entry("variable list for an input", "validation", policy, m("input", List.of(1, 2)), "INVALID_INPUT", null);
        entry("input missing required fields", "validation", policy, m("input", m("key", "k")), "INVALID_INPUT", null);
        entry("input unknown field", "validation", policy, m("input", m("key", "k", "version", "1", "project", PROJECT,
                "title", "T", "text", "x", "digest", "forged")), "INVALID_INPUT", null);
        entry("events not a list of objects", "validation",
                "mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { accepted } }",
                m("events", List.of("feedback:fb-001@1")), "INVALID_INPUT", null);
        entry("events with a null element", "validation",
                "mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { accepted } }",
                m("events", java.util.Arrays.asList((Object) null)), "INVALID_INPUT", null);
        entry("judgment type unknown", "validation",
                "mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { accepted } }",
                m("events", List.of(withJudgment("THUMBS"))), "INVALID_INPUT", null);
        entry("occurredAt not a date", "validation",
                "mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { accepted } }",
                m("events", List.of(with(feedback(), "occurredAt", "last tuesday"))), "INVALID_INPUT", null);
        // Depth, complexity, root fields, tokens, parser nesting, introspection in bad faith.
        entry("depth 25 through introspection", "depth", "{ __schema { types { fields { type " + "{ ofType ".repeat(20) + "{ name }"
                + " }".repeat(20) + " } } } }", m(), "LIMIT_EXCEEDED", null);
        entry("depth 21 through introspection", "depth", "{ __type(name: \"Query\") { fields { type " + "{ ofType ".repeat(17)
                + "{ name }" + " }".repeat(17) + " } } }", m(), "LIMIT_EXCEEDED", null);
        entry("parser nesting 600", "depth", "{ artifact(ref: \"x\") " + "{ ref ".repeat(600) + "}".repeat(600) + " }", m(),
                "LIMIT_EXCEEDED", null);
        entry("bad-faith introspection", "depth", "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }",
                m(), "LIMIT_EXCEEDED", null);
        for (int n : new int[] {51, 100, 1_000}) {
            StringBuilder bomb = new StringBuilder("{");
            for (int i = 0; i < n; i++) {
                bomb.append(" a").append(i).append(": lineage(ref: \"").append(RELEASE).append("\", maxNodes: 50000) { truncated }");
            }
            entry("alias bomb " + n + " lineage", "alias-bomb", bomb.append(" }").toString(), m(), "LIMIT_EXCEEDED", null);
        }
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            fields.append(" f").append(i).append(": graphDigest { nodes }");
        }
        entry("alias bomb through fragments", "alias-bomb", "fragment A on Query {" + fields + " } { ...A ... on Query {" + fields
                + " } }", m(), "LIMIT_EXCEEDED", null);
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            wide.append(" a").append(i).append(": releaseProvenance(release: \"").append(RELEASE).append("\") {");
            for (int j = 0; j < 25; j++) {
                wide.append(" w").append(j).append(": asOf");
            }
            wide.append(" }");
        }
        entry("complexity 1040", "complexity", wide.append(" }").toString(), m(), "LIMIT_EXCEEDED", null);
        entry("tokens 16,000", "parser-tokens", "{ artifact(ref: \"" + POLICY_V1 + "\") {" + " ref".repeat(16_000) + " } }", m(),
                "LIMIT_EXCEEDED", null);
        Map<String, Object> chars = entry("characters over 1 MB", "parser-tokens", "{ artifact(ref: \"FILL\") { ref } }", m(),
                "LIMIT_EXCEEDED", null);
        chars.put("fill", 1_100_000);
        lines.set(lines.size() - 1, json(chars));
        // Oversized batches and bodies.
        Map<String, Object> big = entry("recordFeedback 10,001 events", "batch",
                "mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { accepted } }",
                m("events", List.of(with(feedback(), "key", "corpus-batch"))), "INVALID_INPUT", "events");
        big.put("expand", m("variable", "events", "count", 10_001));
        lines.set(lines.size() - 1, json(big));
        Map<String, Object> members = entry("addDatasetMembers 10,001 members", "batch",
                "mutation($d: String!, $m: [String!]!) { addDatasetMembers(dataset: $d, members: $m) { memberCount } }",
                m("d", "dataset:unsealed-corpus@1", "m", List.of("feedback:fb-001@1")), "INVALID_INPUT", "members");
        members.put("expand", m("variable", "m", "count", 10_001));
        lines.set(lines.size() - 1, json(members));
        Map<String, Object> evalDatasets = entry("contamination with 101 eval datasets", "batch",
                "query($e: [String]) { contamination(checkpoint: \"" + FINAL + "\", evalDatasets: $e) { checkpoint } }",
                m("e", List.of(EVAL)), "INVALID_INPUT", "evalDatasets");
        evalDatasets.put("expand", m("variable", "e", "count", 101));
        lines.set(lines.size() - 1, json(evalDatasets));
        Map<String, Object> body = entry("body of 17 MB", "body-size", "{ graphDigest { nodes } }", m(), "LIMIT_EXCEEDED", null);
        body.put("pad", 17 * 1024 * 1024);
        body.put("status", 413);
        lines.set(lines.size() - 1, json(body));
        // Bodies that are not a GraphQL request.
        List<String> bodies = List.of("{ this is not json", "[1, 2]", "\"query\"", "{\"variables\": {}}", "{\"query\": 42}",
                "{\"query\": \"\"}", "{\"query\": \"{ graphDigest { nodes } }\", \"variables\": \"x\"}",
                "{\"query\": \"{ graphDigest { nodes } }\", \"variables\": [1]}", "{\"query\": \"{ graphDigest { nodes } }\"} trailing",
                "{\"query\": \"{ graphDigest { nodes } }\", \"operationName\": 7}", "", "\u0000\u0001\u0002",
                "{\"query\": \"{ graphDigest { nodes } }\", \"extensions\": 1}", "{\"query\": null}");
        for (int i = 0; i < bodies.size(); i++) {
            Map<String, Object> raw = m("name", "body #" + i, "category", "http-body", "body", bodies.get(i), "code", "INVALID_INPUT",
                    "status", 400);
            lines.add(json(raw));
        }
        return this;
    }

    static Map<String, Object> withJudgment(String type) {
        Map<String, Object> e = feedback();
        e.put("judgment", m("type", type, "rating", 4.0));
        return e;
    }

    static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        map.put(key, value);
        return map;
    }

    // ---- rules of the story: dangling refs, digest conflicts, sealed datasets ------------------------------------------

    GenerateCorpus storyRules() {
        String rubricQuery = "mutation($input: RubricInput!) { registerRubric(input: $input) { created } }";
        entry("dangling policy", "dangling-ref", rubricQuery, m("input", input("rubric:corpus-rubric@1", "policy", "policy:missing@1",
                "criteria", List.of(m("name", "n", "description", "d")), "labelSchema", m("type", "PREFERENCE"))), "NOT_FOUND", "input.policy");
        String record = "mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { accepted } }";
        for (String part : List.of("reviewer", "rubric", "policy")) {
            Map<String, Object> e = with(feedback(), "key", "corpus-dangling");
            String missing = part.equals("reviewer") ? "reviewer:nobody@1" : part.equals("rubric") ? "rubric:missing@1" : "policy:missing@1";
            e.put(part, missing);
            entry("dangling feedback " + part, "dangling-ref", record, m("events", List.of(e)), "NOT_FOUND", "events[0]." + part);
        }
        Map<String, Object> second = with(feedback(), "key", "corpus-second");
        second.put("reviewer", "reviewer:nobody@1");
        entry("dangling second event of a batch", "dangling-ref", record,
                m("events", List.of(with(feedback(), "key", "corpus-first"), second)), "NOT_FOUND", "events[1].reviewer");
        entry("dangling producedBy", "dangling-ref", "mutation($input: CheckpointInput!) { registerCheckpoint(input: $input) { created } }",
                m("input", input("checkpoint:corpus@1", "producedBy", "training-run:missing@1", "uri", "u", "weightsDigest", "w")),
                "NOT_FOUND", "input.producedBy");
        entry("dangling training dataset", "dangling-ref",
                "mutation($input: TrainingRunInput!) { registerTrainingRun(input: $input) { created } }",
                m("input", input("training-run:corpus@1", "method", "SFT", "datasets", List.of("dataset:missing@1"),
                        "baseCheckpoint", BASE, "config", config())), "NOT_FOUND", "input.datasets");
        entry("dangling base checkpoint", "dangling-ref",
                "mutation($input: TrainingRunInput!) { registerTrainingRun(input: $input) { created } }",
                m("input", input("training-run:corpus@1", "method", "SFT", "datasets", List.of(TRAIN),
                        "baseCheckpoint", "checkpoint:missing@1", "config", config())), "NOT_FOUND", "input.baseCheckpoint");
        entry("dangling gate", "dangling-ref", "mutation($input: ReleaseInput!) { registerRelease(input: $input) { created } }",
                m("input", input("release:corpus@1", "checkpoint", FINAL, "gate", "gate:missing@1")), "NOT_FOUND", "input.gate");
        entry("dangling escalated feedback", "dangling-ref",
                "mutation($input: EscalationInput!) { registerEscalation(input: $input) { created } }",
                m("input", input("escalation:corpus@1", "feedback", "feedback:missing@1", "fromTier", 1, "toTier", 2, "reason", "r")),
                "NOT_FOUND", "input.feedback");
        entry("dangling supersedes", "dangling-ref", "mutation($input: PolicyInput!) { registerPolicy(input: $input) { created } }",
                m("input", input("policy:harmlessness@9", "title", "T", "text", "x", "supersedes", "policy:harmlessness@8")),
                "NOT_FOUND", "input.supersedes");
        entry("dangling member", "dangling-ref",
                "mutation($d: String!, $m: [String!]!) { addDatasetMembers(dataset: $d, members: $m) { memberCount } }",
                m("d", "dataset:unsealed-corpus@1", "m", List.of("feedback:missing@1")), "NOT_FOUND", "members[0]");
        entry("dangling dataset to seal", "dangling-ref", "mutation($d: String!) { sealDataset(dataset: $d) { ref } }",
                m("d", "dataset:missing@1"), "NOT_FOUND", "dataset");
        for (Question q : questions()) {
            // artifact, calibrationScores, gateReport and regressionCheck answer null for a missing ref; conflicts(rubric)
            // filters (a missing rubric has no conflicts); a versions key is not a ref.
            if (!q.argument().equals("project") && !q.name().equals("artifact") && !q.name().equals("calibrationScores")
                    && !q.argument().equals("key") && !q.argument().equals("rubric")
                    && !q.name().equals("gateReport") && !q.name().equals("regressionCheck")) {
                String kind = q.name().equals("releaseProvenance") || q.argument().equals("release") ? "release"
                        : q.argument().equals("checkpoint") ? "checkpoint" : q.argument().equals("rubric") ? "rubric"
                        : q.argument().startsWith("evalDatasets") || q.argument().equals("dataset") ? "dataset" : "policy";
                entry("dangling " + q.name() + " " + q.argument(), "dangling-ref", q.query(), m("v", kind + ":missing@1"),
                        "NOT_FOUND", q.field());
            }
        }
        // NUL characters, which PostgreSQL text cannot hold, in free text: refused, never a store error.
        entry("NUL in artifacts keyPrefix", "control-char", "query($v: String) { artifacts(keyPrefix: $v) { edges { node { ref } } } }",
                m("v", "harm\u0000"), "INVALID_INPUT", "keyPrefix");
        entry("NUL in auditLog actor", "control-char", "query($v: String) { auditLog(actor: $v) { nodes { position } } }",
                m("v", "alice\u0000"), "INVALID_INPUT", "actor");
        entry("NUL in reviewQueue queue", "control-char", "query($v: String!) { reviewQueue(queue: $v) { nodes { feedback } } }",
                m("v", "safety\u0000"), "INVALID_INPUT", "queue");
        entry("NUL in consentRevocation subject", "control-char", "query($v: String!) { consentRevocation(subject: $v) { subject } }",
                m("v", "subject-103\u0000"), "INVALID_INPUT", "subject");
        entry("NUL in a new policy's title", "control-char", "mutation($input: PolicyInput!) { registerPolicy(input: $input) { created } }",
                m("input", input("policy:corpus-nul@1", "title", "T\u0000", "text", "x")), "INVALID_INPUT", "input.title");
        entry("NUL in a new feedback prompt", "control-char", record,
                m("events", List.of(with(with(feedback(), "key", "corpus-nul"), "prompt", "a\u0000b"))), "INVALID_INPUT", "events[0].prompt");
        entry("NUL in a new revocation's reason", "control-char",
                "mutation($i: ConsentRevocationInput!) { revokeConsent(input: $i) { created } }",
                m("i", m("subject", "corpus-subject", "project", PROJECT, "reason", "gone\u0000")), "INVALID_INPUT", "reason");
        // Digest conflicts: the story's refs with other content.
        entry("conflict policy text", "digest-conflict", "mutation($input: PolicyInput!) { registerPolicy(input: $input) { created } }",
                m("input", input(POLICY_V1, "title", "Harmlessness", "text", "Help with everything.")), "CONFLICT", "input");
        entry("conflict policy project", "digest-conflict", "mutation($input: PolicyInput!) { registerPolicy(input: $input) { created } }",
                m("input", with(input(POLICY_V1, "title", "Harmlessness", "text", "Refuse to help with clearly harmful requests."),
                        "project", "other-project")), "CONFLICT", "input");
        Map<String, Object> rerated = feedback();
        rerated.put("judgment", m("type", "RATING", "rating", 1.0, "comment", "per rubric"));
        entry("conflict feedback rating", "digest-conflict", record, m("events", List.of(rerated)), "CONFLICT", "events[0]");
        Map<String, Object> fresh = with(feedback(), "key", "corpus-fresh");
        entry("conflict in second event of a batch", "digest-conflict", record, m("events", List.of(fresh, rerated)), "CONFLICT",
                "events[1]");
        entry("same ref twice in a batch with other content", "digest-conflict", record,
                m("events", List.of(with(feedback(), "key", "corpus-twice"),
                        with(with(feedback(), "key", "corpus-twice"), "prompt", "Another prompt"))), "CONFLICT", "events[1]");
        entry("release with a field the input does not have", "validation", "mutation($input: ReleaseInput!) { registerRelease(input: $input) { created } }",
                m("input", input(RELEASE, "checkpoint", FINAL, "gate", GATE, "notes", "re-released")), "INVALID_INPUT", null);
        // Sealed datasets never change.
        entry("member added to a sealed dataset", "sealed-dataset",
                "mutation($d: String!, $m: [String!]!) { addDatasetMembers(dataset: $d, members: $m) { memberCount } }",
                m("d", TRAIN, "m", List.of("feedback:fb-007@1")), "CONFLICT", "members[0]");
        entry("member added to a sealed eval dataset", "sealed-dataset",
                "mutation($d: String!, $m: [String!]!) { addDatasetMembers(dataset: $d, members: $m) { memberCount } }",
                m("d", EVAL, "m", List.of("feedback:fb-003@1", "feedback:fb-004@1")), "CONFLICT", "members[0]");
        entry("sealed dataset re-registered with another rule", "sealed-dataset",
                "mutation($input: DatasetInput!) { registerDataset(input: $input) { created } }",
                m("input", input(TRAIN, "split", "TRAIN", "selectionRule", "everything")), "CONFLICT", "input");
        entry("sealed dataset re-registered as eval", "sealed-dataset",
                "mutation($input: DatasetInput!) { registerDataset(input: $input) { created } }",
                m("input", input(TRAIN, "split", "EVAL", "selectionRule", "final labels of rubric v1+v2, rating >= 1, excluding held-out prompts",
                        "selectionRuleVersion", "selection-rules@3")), "CONFLICT", "input");
        entry("member of the wrong kind", "sealed-dataset",
                "mutation($d: String!, $m: [String!]!) { addDatasetMembers(dataset: $d, members: $m) { memberCount } }",
                m("d", "dataset:unsealed-corpus@1", "m", List.of(POLICY_V1)), "INVALID_INPUT", "members[0]");
        return this;
    }

    // ---- hostile strings in free-text filters: accepted as literals, match nothing -----------------------------------

    GenerateCorpus literals() {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("artifacts.keyPrefix", "query($v: String) { artifacts(keyPrefix: $v) { edges { node { ref } } } }|data.artifacts.edges");
        filters.put("auditLog.actor", "query($v: String) { auditLog(actor: $v) { nodes { position } } }|data.auditLog.nodes");
        filters.put("reviewQueue.queue", "query($v: String!) { reviewQueue(queue: $v) { nodes { feedback } } }|data.reviewQueue.nodes");
        filters.put("consentRevocation.subject", "query($v: String!) { consentRevocation(subject: $v) { subject } }|data.consentRevocation");
        filters.forEach((name, spec) -> {
            String[] parts = spec.split("\\|");
            for (int p = 0; p < PAYLOADS.size(); p++) {
                if (PAYLOADS.get(p).indexOf('\u0000') >= 0) {
                    continue; // refused: see storyRules' NUL entries
                }
                lines.add(json(m("name", "literal " + name + " #" + p, "category", "literal", "query", parts[0],
                        "variables", m("v", PAYLOADS.get(p)), "empty", parts[1])));
            }
            lines.add(json(m("name", "literal " + name + " LIKE wildcard", "category", "literal", "query", parts[0],
                    "variables", m("v", "%"), "empty", parts[1])));
            lines.add(json(m("name", "literal " + name + " regex", "category", "literal", "query", parts[0],
                    "variables", m("v", ".*"), "empty", parts[1])));
        });
        return this;
    }

    // ---- callers without a usable token, or without the role or project -------------------------------------------

    /**
     * {@code token} names a caller the test sets up: none (no Authorization header), malformed, unknown (well-formed,
     * never issued), basic (a Basic header), expired, revoked; reader (READER of the story's project) and
     * foreign-reader (READER of project "partner"). The first six are refused before GraphQL runs (HTTP 401,
     * UNAUTHENTICATED); the readers get FORBIDDEN for what their role or project does not allow. Every write here
     * would succeed for the admin (new refs), so a hole in the checks shows as a write.
     */
    GenerateCorpus tokens() {
        Map<String, Object[]> operations = new LinkedHashMap<>();
        operations.put("artifact", new Object[] {"query($v: String!) { artifact(ref: $v) { ref } }", m("v", POLICY_V1), "ref"});
        operations.put("lineage", new Object[] {"query($v: String!) { lineage(ref: $v) { truncated } }", m("v", RELEASE), "ref"});
        operations.put("releaseProvenance", new Object[] {"query($v: String!) { releaseProvenance(release: $v) { asOf } }",
                m("v", RELEASE), "release"});
        operations.put("auditLog", new Object[] {"{ auditLog { pageInfo { hasNextPage } } }", m(), null});
        operations.put("registerPolicy", new Object[] {"mutation($input: PolicyInput!) { registerPolicy(input: $input) { created } }",
                m("input", input("policy:corpus-token-policy@1", "title", "T", "text", "x")), null});
        operations.put("recordFeedback", new Object[] {
                "mutation($events: [FeedbackEventInput!]!) { recordFeedback(events: $events) { accepted } }",
                m("events", List.of(with(feedback(), "key", "corpus-token-event"))), null});
        operations.put("createToken", new Object[] {"mutation($i: TokenInput!) { createToken(input: $i) { token } }",
                m("i", m("subject", "corpus-intruder", "roles", List.of("ADMIN"))), null});
        operations.put("rebuildGraph", new Object[] {"mutation { rebuildGraph { entriesReplayed } }", m(), null});
        for (String token : List.of("none", "malformed", "unknown", "basic", "expired", "revoked")) {
            operations.forEach((name, op) -> {
                Map<String, Object> e = m("name", "token " + token + " " + name, "category", "token", "token", token,
                        "query", op[0], "variables", op[1], "code", "UNAUTHENTICATED", "status", 401);
                lines.add(json(e));
            });
        }
        // Without a token, a broken document or body tells nothing either: authentication comes first.
        lines.add(json(m("name", "token none syntax error", "category", "token", "token", "none", "query", "{ artifact(ref: ",
                "variables", m(), "code", "UNAUTHENTICATED", "status", 401)));
        lines.add(json(m("name", "token none alias bomb", "category", "token", "token", "none",
                "query", "{" + " a: graphDigest { nodes }".repeat(60) + " }", "variables", m(), "code", "UNAUTHENTICATED", "status", 401)));
        lines.add(json(m("name", "token none body not JSON", "category", "token", "token", "none", "body", "{ nope",
                "code", "UNAUTHENTICATED", "status", 401)));
        lines.add(json(m("name", "token malformed body not JSON", "category", "token", "token", "malformed", "body", "[]",
                "code", "UNAUTHENTICATED", "status", 401)));
        operations.forEach((name, op) -> {
            boolean read = name.equals("artifact") || name.equals("lineage") || name.equals("releaseProvenance");
            Map<String, Object> e = m("name", "token foreign-reader " + name, "category", "token", "token", "foreign-reader",
                    "query", op[0], "variables", op[1], "code", "FORBIDDEN");
            if (read) {
                e.put("field", op[2]);
            }
            lines.add(json(e));
            if (!read) {
                lines.add(json(m("name", "token reader " + name, "category", "token", "token", "reader",
                        "query", op[0], "variables", op[1], "code", "FORBIDDEN")));
            }
        });
        return this;
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------------

    private Map<String, Object> entry(String name, String category, String query, Map<String, Object> variables, String code,
            String field) {
        Map<String, Object> entry = m("name", name, "category", category, "query", query, "variables", variables, "code", code);
        if (field != null) {
            entry.put("field", field);
        }
        lines.add(json(entry));
        return entry;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, copyValue(v)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> inner) {
            return deepCopy((Map<String, Object>) inner);
        }
        if (v instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(x -> copy.add(copyValue(x)));
            return copy;
        }
        return v;
    }

    /** Sets {@code a.b[0].c} in nested maps and lists. */
    @SuppressWarnings("unchecked")
    static void set(Map<String, Object> root, String path, Object value) {
        Object current = root;
        String[] steps = path.split("\\.");
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            int bracket = step.indexOf('[');
            String name = bracket < 0 ? step : step.substring(0, bracket);
            boolean last = i == steps.length - 1;
            Map<String, Object> map = (Map<String, Object>) current;
            if (bracket < 0) {
                if (last) {
                    map.put(name, value);
                } else {
                    current = map.get(name);
                }
            } else {
                int index = Integer.parseInt(step.substring(bracket + 1, step.indexOf(']')));
                List<Object> list = (List<Object>) map.get(name);
                if (last) {
                    list.set(index, value);
                } else {
                    current = list.get(index);
                }
            }
        }
    }

    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    case '\r' -> out.append("\\r");
                    default -> {
                        if (c < 0x20 || c > 0x7e) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                write(out, e.getKey());
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }
}
