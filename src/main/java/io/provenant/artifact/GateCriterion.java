package io.provenant.artifact;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * One criterion of a gate decision: what was checked (on which subject, e.g. a slice and metric of an eval run),
 * the measured value and the limit, pass/fail, the evidence artifacts read, and the failure pressure of seed 002
 * it guards against (null for checks that guard none of the five).
 */
@org.eclipse.microprofile.graphql.Type("GateCriterion")
public record GateCriterion(@NonNull GateCheck check, FailurePressure pressure,
        @NonNull @Description("What this row checked, e.g. 'eval-run:x@1 benign/helpfulness'.") String subject,
        @NonNull boolean passed,
        @Description("The measured value (a worsening, a count, a similarity); null when nothing was measured.") Double value,
        @Description("The gate policy's limit for it.") Double limit,
        @NonNull List<@NonNull String> evidence,
        @NonNull String detail) {

    public GateCriterion {
        // The journal's canonical JSON drops empty lists; read back, "no evidence" is an empty list again.
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
