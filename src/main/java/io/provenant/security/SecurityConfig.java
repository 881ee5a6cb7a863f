package io.provenant.security;

import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** provenant.security.*: tokens, personal-data visibility, and the dev-only switch that turns auth off. */
@ConfigMapping(prefix = "provenant.security")
public interface SecurityConfig {

    /** Whether requests need a token. false is accepted only in the dev and test profiles (see SecurityStartup). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Key of the HMAC that hashes tokens for storage and derives pseudonyms of personal data. Required in prod;
     * changing it invalidates every token and changes every pseudonym.
     */
    Optional<String> tokenPepper();

    /**
     * A bootstrap admin token (all projects) to accept, e.g. from a Kubernetes Secret. Unset: on a first start with
     * no admin token, one is generated and logged once.
     */
    Optional<String> bootstrapToken();

    /**
     * While PostgreSQL is unreachable, a token verified within this period is still accepted (reads from Neo4j go on);
     * no token can be verified, created or revoked until it is back. 0s: refuse every request during the outage.
     */
    @WithDefault("5m")
    java.time.Duration offlineGrace();

    /**
     * How long a verified token is accepted without reading its row again. The cache is used only while this replica
     * listens to PostgreSQL's notifications of token changes, which evict a revoked token on every replica as soon as
     * the revocation commits; while that session is down, every request reads the row. 0s: read it on every request.
     */
    @WithDefault("60s")
    java.time.Duration tokenCache();

    /** Roles that see personal data (prompt and response text, reviewer and consent-subject identity) in clear. */
    @WithDefault("auditor,admin")
    Set<Role> piiRoles();
}
