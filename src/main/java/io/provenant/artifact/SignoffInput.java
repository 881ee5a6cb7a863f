package io.provenant.artifact;

import java.time.OffsetDateTime;

/** A human sign-off on a gate decision. */
@org.eclipse.microprofile.graphql.Input("SignoffInput")
public record SignoffInput(String by, String role, OffsetDateTime at) {

    void validate(String field) {
        Checks.text(field + ".by", by, Checks.MAX_NAME);
        Checks.text(field + ".role", role, 200);
        Checks.required(field + ".at", at);
    }
}
