package io.provenant.artifact;

import java.util.List;

/** What a training run was configured with: template, role format, loss masks, margins, hyperparameters, code. */
@org.eclipse.microprofile.graphql.Input("TrainingConfigInput")
public record TrainingConfigInput(String promptTemplate, String roleFormat, String lossMask, Double margin,
        List<ParameterInput> hyperparameters, String codeCommit) {

    void validate(String field) {
        Checks.text(field + ".promptTemplate", promptTemplate, Checks.MAX_NAME);
        Checks.text(field + ".roleFormat", roleFormat, Checks.MAX_NAME);
        Checks.optionalText(field + ".lossMask", lossMask, 2_000);
        Checks.text(field + ".codeCommit", codeCommit, 200);
        if (hyperparameters != null) {
            for (int i = 0; i < hyperparameters.size(); i++) {
                Checks.required(field + ".hyperparameters[" + i + "]", hyperparameters.get(i))
                        .validate(field + ".hyperparameters[" + i + "]");
            }
        }
    }
}
