package io.provenant.artifact;

/** The decoder settings a response was sampled with. */
@org.eclipse.microprofile.graphql.Input("DecoderSettingsInput")
public record DecoderSettingsInput(String model, Double temperature, Double topP, Integer topK, Integer maxTokens,
        Long seed) {

    void validate(String field) {
        Checks.optionalText(field + ".model", model, Checks.MAX_NAME);
        Checks.range(field + ".temperature", temperature, 0, 100);
        Checks.range(field + ".topP", topP, 0, 1);
        Checks.range(field + ".topK", topK, 0, Integer.MAX_VALUE);
        Checks.range(field + ".maxTokens", maxTokens, 1, Integer.MAX_VALUE);
    }
}
