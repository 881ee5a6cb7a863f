package io.provenant.artifact;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.provenant.api.ProvenantError;

/** The kinds of artifact of SPEC §2; {@link #id()} is the spelling used in refs ({@code training-run}). */
@org.eclipse.microprofile.graphql.Enum("ArtifactKind")
public enum Kind {
    POLICY("policy", "Policy"),
    RUBRIC("rubric", "Rubric"),
    REVIEWER("reviewer", "Reviewer"),
    FEEDBACK("feedback", "Feedback"),
    TRIAGE("triage", "Triage"),
    ESCALATION("escalation", "Escalation"),
    CALIBRATION("calibration", "Calibration"),
    ADJUDICATION("adjudication", "Adjudication"),
    DATASET("dataset", "Dataset"),
    TRAINING_RUN("training-run", "TrainingRun"),
    CHECKPOINT("checkpoint", "Checkpoint"),
    EVAL_RUN("eval-run", "EvalRun"),
    /** A versioned release gate: the thresholds and checks a checkpoint must pass to ship. */
    GATE_POLICY("gate-policy", "GatePolicy"),
    /** A gate decision: a gate policy evaluated on a checkpoint by the server, with every criterion and its evidence. */
    GATE("gate", "Gate"),
    RELEASE("release", "Release");

    private final String id;
    private final String label;

    Kind(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The spelling in refs and in the journal, e.g. {@code training-run}. */
    public String id() {
        return id;
    }

    /** The Neo4j node label, e.g. {@code TrainingRun}. */
    public String label() {
        return label;
    }

    /** By id: a lineage page looks up the kind of each of up to maxNodes nodes (a scan of values() was 4% of its CPU). */
    private static final Map<String, Kind> BY_ID = Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Kind::id, Function.identity()));

    public static Kind fromId(String field, String id) {
        Kind kind = id == null ? null : BY_ID.get(id);
        if (kind != null) {
            return kind;
        }
        throw ProvenantError.invalid(field, "unknown kind '" + id + "'; expected one of "
                + Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", ")) + ".");
    }
}
