package io.provenant.security;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** Tokens over GraphQL: admins create, list and revoke them; every caller can ask who it is. */
@GraphQLApi
@Guarded
public class TokenApi {

    @Inject
    Tokens tokens;

    @Inject
    Caller caller;

    @Input("TokenInput")
    @Description("A token to create.")
    public record TokenInput(@NonNull @Description("Who the token is for (a person or a service); written to the journal as the actor of its writes.") String subject,
            @NonNull List<@NonNull Role> roles,
            @Description("Projects the token may read and write; omitted: every project.") List<String> projects,
            @Description("When it stops working; omitted: never.") OffsetDateTime expiresAt,
            String description) {
    }

    @Description("A new token. The secret is in this answer only: it is stored hashed.")
    public record CreatedToken(@NonNull String token, @NonNull Tokens.TokenInfo info) {
    }

    @Description("The caller, as its token says.")
    public record Me(@NonNull String subject, String tokenId,
            @NonNull @Description("The token's roles with what they include.") List<@NonNull Role> roles,
            @Description("The token's projects; null: every project.") List<@NonNull String> projects,
            @NonNull @Description("Whether personal data is shown in clear (else as pseudonyms).") boolean piiAccess) {
    }

    @Mutation
    @Description("Creates a token (admin). A project-scoped admin creates tokens within its projects only.")
    public @NonNull CreatedToken createToken(@NonNull TokenInput input) {
        Tokens.Created created = tokens.create(input.subject(), input.roles(), input.projects(), input.expiresAt(),
                input.description(), caller.principal());
        return new CreatedToken(created.token(), created.info());
    }

    @Mutation
    @Description("Revokes a token (admin): this replica refuses it from this answer on, the others as soon as PostgreSQL"
            + " notifies them (milliseconds). Revoking a revoked token changes nothing.")
    @NonNull
    public Tokens.TokenInfo revokeToken(@NonNull String id) {
        return tokens.revoke(id, caller.principal());
    }

    @Query
    @Description("The tokens you administer (admin); never their secrets.")
    public @NonNull List<Tokens.@NonNull TokenInfo> tokens(@DefaultValue("false") boolean includeRevoked) {
        return tokens.list(includeRevoked, caller.principal());
    }

    @Query
    @Description("Who you are, as your token says.")
    public @NonNull Me me() {
        Principal p = caller.principal();
        return new Me(p.subject(), p.tokenId(), List.copyOf(p.effectiveRoles()),
                p.projects() == null ? null : p.projects().stream().sorted().toList(), p.pii());
    }
}
