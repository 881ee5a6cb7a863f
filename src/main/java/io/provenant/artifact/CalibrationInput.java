package io.provenant.artifact;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.provenant.api.ProvenantError;

/** A calibration run: reviewers labeled gold items under one rubric version; their scores and pass/fail. */
@org.eclipse.microprofile.graphql.Input("CalibrationInput")
public record CalibrationInput(String key, String version, String project, String supersedes,
        String rubric, Double threshold, List<CalibrationResultInput> results) implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.CALIBRATION;
    }

    @Override
    public void validate() {
        Checks.ref("rubric", rubric, Kind.RUBRIC);
        Checks.required("threshold", threshold);
        Checks.range("threshold", threshold, -1, 1);
        if (results == null || results.isEmpty()) {
            throw ProvenantError.invalid("results", "a calibration run needs at least one reviewer's result.");
        }
        Set<String> reviewers = new HashSet<>();
        for (int i = 0; i < results.size(); i++) {
            CalibrationResultInput result = Checks.required("results[" + i + "]", results.get(i));
            result.validate("results[" + i + "]");
            if (!reviewers.add(result.reviewer())) {
                throw ProvenantError.invalid("results[" + i + "].reviewer", "'" + result.reviewer() + "' has two results.");
            }
        }
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("rubric", EdgeType.UNDER_RUBRIC, Checks.ref("rubric", rubric, Kind.RUBRIC)));
        for (int i = 0; i < results.size(); i++) {
            String field = "results[" + i + "].reviewer";
            links.add(new Link(field, EdgeType.CALIBRATES, Checks.ref(field, results.get(i).reviewer(), Kind.REVIEWER)));
        }
        supersedesLink(links);
        return links;
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("threshold", threshold,
                "passedReviewers", results.stream().filter(CalibrationResultInput::passed).map(CalibrationResultInput::reviewer).toList());
    }
}
