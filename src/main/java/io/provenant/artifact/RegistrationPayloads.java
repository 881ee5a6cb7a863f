package io.provenant.artifact;

import java.io.IOException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The journal payload of a registration: the RFC 8785 canonical JSON of the kind's input plus its
 * {@code kind}; its sha256 is the artifact's digest. Read back into the input type for projection and checks.
 */
@ApplicationScoped
public class RegistrationPayloads {

    private static final Map<Kind, Class<? extends RegistrationInput>> INPUT_TYPES = Map.ofEntries(
            Map.entry(Kind.POLICY, PolicyInput.class), Map.entry(Kind.RUBRIC, RubricInput.class),
            Map.entry(Kind.REVIEWER, ReviewerInput.class), Map.entry(Kind.FEEDBACK, FeedbackEventInput.class),
            Map.entry(Kind.TRIAGE, TriageInput.class), Map.entry(Kind.ESCALATION, EscalationInput.class),
            Map.entry(Kind.CALIBRATION, CalibrationInput.class), Map.entry(Kind.ADJUDICATION, AdjudicationInput.class),
            Map.entry(Kind.DATASET, DatasetInput.class), Map.entry(Kind.TRAINING_RUN, TrainingRunInput.class),
            Map.entry(Kind.CHECKPOINT, CheckpointInput.class), Map.entry(Kind.EVAL_RUN, EvalRunInput.class),
            Map.entry(Kind.GATE_POLICY, GatePolicyInput.class),
            Map.entry(Kind.GATE, GateInput.class), Map.entry(Kind.RELEASE, ReleaseInput.class));

    @Inject
    ObjectMapper mapper;

    /** The input type of every kind (what {@link #read} reads a payload into). */
    static java.util.Collection<Class<? extends RegistrationInput>> inputTypes() {
        return INPUT_TYPES.values();
    }

    /** The kind whose input type is {@code type}, or null. */
    static Kind kindOf(java.lang.reflect.Type type) {
        return INPUT_TYPES.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    public String canonical(RegistrationInput input) {
        ObjectNode tree = mapper.valueToTree(input);
        tree.put("kind", input.kind().id());
        return Digests.canonicalJson(tree);
    }

    public RegistrationInput read(Kind kind, String payload) {
        try {
            return mapper.readValue(payload, INPUT_TYPES.get(kind));
        } catch (IOException e) {
            throw new IllegalStateException("Journal payload of kind " + kind.id() + " is unreadable.", e);
        }
    }
}
