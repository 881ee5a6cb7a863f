package io.provenant.consent;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

import io.provenant.artifact.Checks;

/** A data subject's revocation of consent, as the registering project received it. */
@Input("ConsentRevocationInput")
public record ConsentRevocationInput(
        @Description("The data subject, as feedback names it in consent.subject.") String subject,
        @Description("The project recording the revocation (it applies to the subject's feedback in every project).") String project,
        @Description("Why, e.g. 'withdrew consent via the privacy form'.") String reason,
        @Description("When the subject revoked consent; defaults to when Provenant records it.") OffsetDateTime revokedAt,
        @Description("The request that carried it, e.g. a data-subject-request ticket id.") String request) {

    void validate() {
        Checks.text("subject", subject, Checks.MAX_NAME);
        Checks.project(project);
        Checks.text("reason", reason, 2_000);
        Checks.optionalText("request", request, Checks.MAX_NAME);
    }
}
