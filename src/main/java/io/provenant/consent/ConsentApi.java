package io.provenant.consent;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.provenant.consent.ConsentRevocations.ConsentRevocationConnection;
import io.provenant.consent.ConsentRevocations.RevokeConsentResult;
import io.provenant.security.Guarded;

/** Consent revocations: recorded as facts, then visible to impact and releaseProvenance. */
@GraphQLApi
@Guarded
public class ConsentApi {

    @Inject
    ConsentRevocations revocations;

    @Mutation
    @Description("Records that a data subject revoked consent. Their feedback stays in the journal and lineage (history is"
            + " never deleted) but is flagged by releaseProvenance and impact(consentSubject), and new feedback of the"
            + " subject is refused. Recording the same revocation again is a no-op.")
    public @NonNull RevokeConsentResult revokeConsent(@NonNull ConsentRevocationInput input) {
        return revocations.revoke(input);
    }

    @Query
    @Description("The revocation recorded for this data subject, or null.")
    public ConsentRevocation consentRevocation(@NonNull String subject) {
        return revocations.find(subject).orElse(null);
    }

    @Query
    @Description("Consent revocations in the order recorded, optionally of one project; keyset paging.")
    public @NonNull ConsentRevocationConnection consentRevocations(String project,
            @DefaultValue("50") Integer first, String after) {
        return revocations.page(project, first, after);
    }
}
