package io.provenant.security;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;

import io.provenant.api.ProvenantError;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code Authorization: Bearer pvt_…} on the API paths. A request to an API path without a valid token is refused
 * with 401 and a GraphQL-shaped body ({@code errors[0].extensions.code = UNAUTHENTICATED}) naming the reason;
 * health, metrics and static pages stay open (probes and scrapers carry no token).
 */
@ApplicationScoped
@Priority(1)
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    /** Paths that need a token: GraphQL (HTTP and WebSocket), the journal export, the REST API. */
    static boolean protectedPath(String path) {
        return path.equals("/graphql") || path.startsWith("/graphql/") || path.startsWith("/audit/") || path.startsWith("/api/");
    }

    private static final String CHALLENGE = "Bearer realm=\"provenant\"";

    @Inject
    SecurityConfig config;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!config.enabled()) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        boolean guarded = protectedPath(context.normalizedPath());
        if (header == null) {
            return guarded ? Uni.createFrom().failure(new AuthenticationFailedException(
                    "No bearer token: send 'Authorization: Bearer <token>'.")) : Uni.createFrom().optional(java.util.Optional.empty());
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    "The Authorization header must be 'Bearer <token>'."));
        }
        return identities.authenticate(new TokenAuthenticationRequest(new TokenCredential(header.substring(7).trim(), "bearer")));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    private static ProvenantError.Unavailable unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProvenantError.Unavailable u) {
                return u;
            }
        }
        return null;
    }

    private static void refuse(RoutingContext ctx, int status, String code, String message) {
        String body = Json.createObjectBuilder().add("errors", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("message", message)
                .add("extensions", Json.createObjectBuilder().add("code", code).add("classification", code)))).build().toString();
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }

    /** Writes refused authentications as GraphQL errors, so clients read one error shape everywhere. */
    void refusalsAsGraphQLErrors(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            Throwable failure = ctx.failure();
            if (ctx.response().ended()) {
                ctx.next();
            } else if (unavailable(failure) != null) {
                // The token could not be checked (PostgreSQL is down and the caller was not verified lately).
                refuse(ctx, 503, "UNAVAILABLE", unavailable(failure).getMessage() + " (the bearer token could not be checked)");
            } else if (failure instanceof AuthenticationFailedException) {
                String message = failure.getMessage() == null ? "Authentication failed." : failure.getMessage();
                ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
                refuse(ctx, 401, "UNAUTHENTICATED", message);
            } else {
                ctx.next();
            }
        });
    }
}
