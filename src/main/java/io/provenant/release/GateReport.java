package io.provenant.release;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.provenant.artifact.Artifact;
import io.provenant.artifact.FailurePressure;
import io.provenant.artifact.GateCriterion;
import io.provenant.artifact.GateDecision;
import io.provenant.artifact.GateInput;
import io.provenant.artifact.SignoffInput;

/** A gate decision as an auditor reads it: every criterion, and each failure pressure of seed 002 by name. */
@Description("A release gate decision: every criterion with its evidence, and the failure pressures it checked.")
public record GateReport(@NonNull String gate, @NonNull GateDecision decision, @NonNull String gatePolicy, @NonNull String checkpoint,
        @NonNull String requestedBy, @NonNull List<@NonNull Signoff> signoffs,
        @NonNull @Description("When the decision was registered: the lineage questions as of this instant show its evidence.")
        OffsetDateTime decidedAt,
        @NonNull List<@NonNull GateCriterion> criteria,
        @NonNull @Description("Each failure pressure of seed 002, in order, with what the gate found.") List<@NonNull PressureStatus> pressures) {

    /** A human sign-off. */
    public record Signoff(@NonNull String by, @NonNull String role, @NonNull OffsetDateTime at) {
    }

    /** What a gate decision found about one failure pressure. */
    public record PressureStatus(@NonNull FailurePressure pressure, @NonNull Status status,
            @NonNull @Description("How many of the decision's criteria guard against it.") int criteria,
            @NonNull @Description("How many of those failed.") int failed) {
    }

    /** FLAGGED: a criterion guarding against it failed; CLEAR: all passed; NOT_CHECKED: the gate policy checks none. */
    @org.eclipse.microprofile.graphql.Enum("PressureFinding")
    public enum Status {
        FLAGGED, CLEAR, NOT_CHECKED
    }

    static GateReport of(Artifact artifact, GateInput gate) {
        List<PressureStatus> pressures = new ArrayList<>();
        for (FailurePressure pressure : FailurePressure.values()) {
            List<GateCriterion> guarding = gate.criteria().stream().filter(c -> c.pressure() == pressure).toList();
            int failed = (int) guarding.stream().filter(c -> !c.passed()).count();
            Status status = guarding.isEmpty() ? Status.NOT_CHECKED : failed > 0 ? Status.FLAGGED : Status.CLEAR;
            pressures.add(new PressureStatus(pressure, status, guarding.size(), failed));
        }
        List<Signoff> signoffs = gate.signoffs() == null ? List.of()
                : gate.signoffs().stream().map((SignoffInput s) -> new Signoff(s.by(), s.role(), s.at())).toList();
        return new GateReport(artifact.ref(), gate.decision(), gate.gatePolicy(), gate.checkpoint(), gate.requestedBy(), signoffs,
                artifact.registeredAt(), gate.criteria(), pressures);
    }
}
