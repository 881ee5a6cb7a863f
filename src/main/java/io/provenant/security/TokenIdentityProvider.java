package io.provenant.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a bearer token into the request's identity: from a fresh verification on the event loop when there is one
 * ({@link Tokens#cached}), else by reading its row (blocking JDBC, off the event loop).
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    @Inject
    Tokens tokens;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        Principal cached = tokens.cached(request.getToken().getToken());
        if (cached != null) {
            return Uni.createFrom().item(identity(request, cached)); // on the event loop: no thread hop, no read
        }
        return context.runBlocking(() -> {
            try {
                return identity(request, tokens.resolve(request.getToken().getToken()));
            } catch (Tokens.Refused refused) {
                throw new AuthenticationFailedException(refused.getMessage());
            }
        });
    }

    private static SecurityIdentity identity(TokenAuthenticationRequest request, Principal principal) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal.subject()))
                .addCredential(request.getToken())
                .addAttribute(Principal.ATTRIBUTE, principal);
        principal.effectiveRoles().forEach(r -> identity.addRole(r.spelling()));
        return identity.build();
    }
}
