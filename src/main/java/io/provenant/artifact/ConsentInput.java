package io.provenant.artifact;

/**
 * Consent and provenance of the data behind a feedback event: where it came from, whose it is (the data
 * subject, for consent revocation), and the legal basis for using it in training.
 */
@org.eclipse.microprofile.graphql.Input("ConsentInput")
public record ConsentInput(String source, String subject, String basis) {

    void validate(String field) {
        Checks.text(field + ".source", source, Checks.MAX_NAME);
        Checks.optionalText(field + ".subject", subject, Checks.MAX_NAME);
        Checks.text(field + ".basis", basis, 200);
    }
}
