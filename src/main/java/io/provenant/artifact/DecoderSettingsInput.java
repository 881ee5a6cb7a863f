package io.provenant.artifact;

import io.provenant.api.ProvenantError;

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
        // Compared as longs (Checks.range compares doubles, and 2^53 + 1 is no double). A seed beyond 2^53 was journaled
        // rounded (canonical JSON's numbers are doubles), and one near 2^63 as a number no Long holds, which stopped the
        // projection of every later entry.
        if (seed != null && (seed < -Digests.MAX_EXACT || seed > Digests.MAX_EXACT)) {
            throw ProvenantError.invalid(field + ".seed", "is " + seed + "; it must be between -" + Digests.MAX_EXACT + " and "
                    + Digests.MAX_EXACT + " (2^53), the integers the journal's canonical JSON (RFC 8785) holds exactly.");
        }
    }
}
