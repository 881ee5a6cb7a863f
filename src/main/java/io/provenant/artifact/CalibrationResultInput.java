package io.provenant.artifact;

/** One reviewer's result in a calibration run: gold items labeled, agreement with gold, Cohen's kappa vs gold. */
@org.eclipse.microprofile.graphql.Input("CalibrationResultInput")
public record CalibrationResultInput(String reviewer, Integer items, Double agreement, Double kappa, Boolean passed) {

    void validate(String field) {
        Checks.ref(field + ".reviewer", reviewer, Kind.REVIEWER);
        Checks.required(field + ".items", items);
        Checks.range(field + ".items", items, 1, Integer.MAX_VALUE);
        Checks.required(field + ".agreement", agreement);
        Checks.range(field + ".agreement", agreement, 0, 1);
        Checks.range(field + ".kappa", kappa, -1, 1);
        Checks.required(field + ".passed", passed);
    }
}
