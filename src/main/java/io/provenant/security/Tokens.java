package io.provenant.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.provenant.api.ProvenantError;
import io.provenant.api.StoreFailures;
import io.provenant.artifact.Checks;
import io.provenant.runtime.PgListener;

/**
 * API tokens: opaque, random 256-bit bearer tokens stored only as a keyed hash (HMAC-SHA256 under the pepper).
 * A token is read from PostgreSQL, and its verification reused for up to {@code provenant.security.token-cache} while
 * this replica listens to the notifications of token changes ({@link TokenCache}): a revocation holds on the replica
 * that made it from its answer on, and on the others as soon as PostgreSQL delivers its notification.
 */
@ApplicationScoped
public class Tokens {

    /** Prefix of every token, so that secret scanners and humans can recognise one. */
    public static final String PREFIX = "pvt_";
    private static final Pattern TOKEN = Pattern.compile("pvt_[A-Za-z0-9_-]{43,200}");
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,199}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "id, subject, roles, projects, description, created_at, created_by, expires_at, revoked_at, revoked_by";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Pepper pepper;

    @Inject
    SecurityConfig config;

    /** A token as listed: never the secret. */
    @Description("A token as listed: never its secret.")
    public record TokenInfo(@NonNull String id, @NonNull String subject, @NonNull List<@NonNull Role> roles,
            @Description("null: every project.") List<@NonNull String> projects, String description,
            @NonNull OffsetDateTime createdAt, @NonNull String createdBy, OffsetDateTime expiresAt, OffsetDateTime revokedAt,
            String revokedBy) {
    }

    /** Why a presented token is not accepted (the caller is told which). */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** PostgreSQL channel of token changes: the {@code api_token} trigger sends the token's hash on commit. */
    static final String CHANNEL = "provenant_token";

    private final TokenCache cache = new TokenCache();
    private PgListener listener;
    private Counter fromCache;
    private Counter fromStore;
    private Counter fromGrace;

    @Inject
    MeterRegistry metrics;

    @PostConstruct
    void init() {
        fromCache = checks("cache");
        fromStore = checks("store");
        fromGrace = checks("grace");
        listener = new PgListener(dataSource, "provenant-tokens", List.of(CHANNEL), Duration.ofSeconds(2), new PgListener.Handler() {
            @Override
            public void listening(Connection connection) {
                cache.listening();
            }

            @Override
            public void poll(Connection connection) throws SQLException {
                if (!connection.isValid(2)) { // a silently broken session would hear nothing
                    throw new SQLException("the token listener's connection does not answer");
                }
            }

            @Override
            public void notified(String channel, String hash) {
                cache.evict(hash);
            }

            @Override
            public void lost(String reason) {
                cache.lost();
            }
        });
    }

    private Counter checks(String source) {
        return Counter.builder("provenant.token.checks").tag("source", source)
                .description("Bearer tokens accepted, by where the verification came from: cache (a fresh verification,"
                        + " no PostgreSQL read), store (the token's row), grace (an earlier one, PostgreSQL being down)")
                .register(metrics);
    }

    /** Starts listening to token changes (at start-up); without it every request reads the token's row. */
    public void listen() {
        if (!config.tokenCache().isZero()) {
            listener.start();
        }
    }

    /** Stops listening: from now on every request reads its token's row (at shutdown; tests). */
    @PreDestroy
    public void stopListening() {
        listener.stop();
    }

    /** Whether verified tokens can be answered without PostgreSQL now (the notification session is up). */
    public boolean cacheListening() {
        return cache.listens();
    }

    /** How many notification sessions began since start-up (each reconnection adds one). */
    public long listeningSessions() {
        return listener.sessions();
    }

    /**
     * The caller of a token verified lately, if that verification can stand in for its row (see {@link TokenCache}),
     * else null. Cheap (a pattern, an HMAC, a map read) and non-blocking: called on the event loop.
     */
    public Principal cached(String token) {
        if (!cache.listens() || token == null || !TOKEN.matcher(token).matches()) { // token-cache=0s: never listens
            return null;
        }
        Principal principal = cache.fresh(pepper.hmacHex(token), Instant.now(), config.tokenCache());
        if (principal != null) {
            fromCache.increment();
        }
        return principal;
    }

    /**
     * The caller a presented token stands for, or why it is refused, read from PostgreSQL; only while PostgreSQL is
     * unreachable is a verification younger than the offline grace reused.
     */
    public Principal resolve(String token) throws Refused {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new Refused("The bearer token is malformed: Provenant tokens start with '" + PREFIX + "'.");
        }
        String hash = pepper.hmacHex(token);
        long epoch = cache.epoch();
        TokenInfo info;
        try {
            info = lookUp(hash);
        } catch (ProvenantError.Unavailable down) {
            Principal recent = cache.withinGrace(hash, Instant.now(), config.offlineGrace());
            if (recent != null) {
                fromGrace.increment();
                return recent;
            }
            throw down;
        } catch (Refused refused) {
            cache.forget(hash);
            throw refused;
        }
        Principal principal = principal(info);
        cache.verified(hash, principal, info.expiresAt(), epoch, Instant.now());
        fromStore.increment();
        return principal;
    }

    private TokenInfo lookUp(String hash) throws Refused {
        TokenInfo info = StoreFailures.sql(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM api_token WHERE token_hash = ?")) {
                select.setString(1, hash);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? info(rs) : null;
                }
            }
        });
        if (info == null) {
            throw new Refused("The bearer token is not known.");
        }
        if (info.revokedAt() != null) {
            throw new Refused("The bearer token was revoked at " + info.revokedAt() + ".");
        }
        if (info.expiresAt() != null && !info.expiresAt().isAfter(OffsetDateTime.now())) {
            throw new Refused("The bearer token expired at " + info.expiresAt() + ".");
        }
        return info;
    }

    Principal principal(TokenInfo info) {
        Set<Role> roles = info.roles().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(info.roles());
        boolean pii = roles.stream().anyMatch(r -> r.includes().stream().anyMatch(config.piiRoles()::contains));
        return new Principal(info.id(), info.subject(), roles, info.projects() == null ? null : Set.copyOf(info.projects()), pii);
    }

    /** Creates a token; the secret is in the answer and nowhere else. */
    public Created create(String subject, List<Role> roles, List<String> projects, OffsetDateTime expiresAt,
            String description, Principal creator) {
        Checks.text("input.subject", subject, 200);
        if (!SUBJECT.matcher(subject).matches()) {
            throw ProvenantError.invalid("input.subject", "'" + subject + "' must match " + SUBJECT.pattern() + ".");
        }
        if (roles == null || roles.isEmpty()) {
            throw ProvenantError.invalid("input.roles", "needs at least one role.");
        }
        Set<Role> roleSet = EnumSet.copyOf(roles);
        List<String> projectList = null;
        if (projects != null) {
            if (projects.isEmpty()) {
                throw ProvenantError.invalid("input.projects", "must name at least one project, or be omitted for every project.");
            }
            Set<String> unique = new LinkedHashSet<>();
            for (int i = 0; i < projects.size(); i++) {
                try {
                    unique.add(Checks.project(projects.get(i)));
                } catch (ProvenantError e) {
                    throw ProvenantError.invalid("input.projects[" + i + "]", "'" + projects.get(i) + "' is not a valid project name.");
                }
            }
            projectList = List.copyOf(unique);
        }
        if (!creator.allProjects()) {
            if (projectList == null) {
                throw ProvenantError.forbidden("input.projects", "Your token is scoped to " + sorted(creator.projects())
                        + "; it cannot create a token for every project.");
            }
            for (String p : projectList) {
                if (!creator.mayRead(p)) {
                    throw ProvenantError.forbidden("input.projects", "Your token is not scoped to project '" + p + "'.");
                }
            }
        }
        if (expiresAt != null && !expiresAt.isAfter(OffsetDateTime.now())) {
            throw ProvenantError.invalid("input.expiresAt", "is " + expiresAt + ", which is not in the future.");
        }
        Checks.optionalText("input.description", description, Checks.MAX_NAME);
        String token = newSecret();
        String id = "tok_" + HexFormat.of().formatHex(randomBytes(8));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<String> finalProjects = projectList;
        StoreFailures.sql(() -> {
            try (Connection c = dataSource.getConnection()) {
                insert(c, id, pepper.hmacHex(token), subject, roleSet, finalProjects, description, now, creator.subject(), expiresAt);
            }
            return null;
        });
        return new Created(token, new TokenInfo(id, subject, List.copyOf(roleSet), finalProjects, description, now,
                creator.subject(), expiresAt, null, null));
    }

    /** A new token and what it is. */
    public record Created(String token, TokenInfo info) {
    }

    /** Tokens the caller administers (a project-scoped admin sees tokens within its projects). */
    public List<TokenInfo> list(boolean includeRevoked, Principal caller) {
        List<TokenInfo> all = StoreFailures.sql(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM api_token"
                            + (includeRevoked ? "" : " WHERE revoked_at IS NULL") + " ORDER BY created_at, id")) {
                List<TokenInfo> out = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.add(info(rs));
                    }
                }
                return out;
            }
        });
        return all.stream().filter(t -> administers(caller, t)).toList();
    }

    /**
     * Revokes a token: evicted here at once, elsewhere by the trigger's notification. Revoking a revoked token changes
     * nothing.
     */
    public TokenInfo revoke(String id, Principal caller) {
        Checks.text("id", id, 200);
        return StoreFailures.sql(() -> {
            try (Connection c = dataSource.getConnection()) {
                TokenInfo current = find(c, id);
                if (current == null) {
                    throw ProvenantError.invalid("id", "No token '" + id + "' exists.");
                }
                if (!administers(caller, current)) {
                    throw ProvenantError.forbidden("id", "Token '" + id + "' reaches projects your token is not scoped to.");
                }
                if (current.revokedAt() != null) {
                    return current;
                }
                try (PreparedStatement update = c.prepareStatement(
                        "UPDATE api_token SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL RETURNING token_hash")) {
                    update.setTimestamp(1, Timestamp.from(OffsetDateTime.now().toInstant()));
                    update.setString(2, caller.subject());
                    update.setString(3, id);
                    try (ResultSet revoked = update.executeQuery()) {
                        if (revoked.next()) {
                            // committed (auto-commit): this replica refuses it from now on, without waiting for the
                            // notification the trigger sends to every replica
                            cache.evict(revoked.getString(1));
                        }
                    }
                }
                return find(c, id);
            }
        });
    }

    /**
     * At start-up: accept the configured bootstrap token, or, if no admin token is active and none is configured,
     * create one and return its secret (to be logged once). Serialized across replicas by an advisory lock.
     */
    public String bootstrap() {
        return StoreFailures.guard(() -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (Statement lock = c.createStatement()) {
                    lock.execute("SELECT pg_advisory_xact_lock(" + BOOTSTRAP_LOCK + ")");
                }
                String created = null;
                if (config.bootstrapToken().isPresent()) {
                    String token = config.bootstrapToken().get();
                    if (!TOKEN.matcher(token).matches()) {
                        throw new IllegalStateException("provenant.security.bootstrap-token must match " + TOKEN.pattern()
                                + " (e.g. 'pvt_' and 43 or more base64url characters).");
                    }
                    String hash = pepper.hmacHex(token);
                    try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM api_token WHERE token_hash = ?")) {
                        exists.setString(1, hash);
                        try (ResultSet rs = exists.executeQuery()) {
                            if (!rs.next()) {
                                insert(c, "tok_bootstrap_" + hash.substring(0, 8), hash, "bootstrap-admin", EnumSet.of(Role.ADMIN), null,
                                        "bootstrap admin token from configuration", OffsetDateTime.now(ZoneOffset.UTC), "configuration", null);
                            }
                        }
                    }
                } else {
                    try (Statement active = c.createStatement();
                            ResultSet rs = active.executeQuery("SELECT 1 FROM api_token WHERE revoked_at IS NULL"
                                    + " AND 'ADMIN' = ANY (roles) AND projects IS NULL AND (expires_at IS NULL OR expires_at > now())")) {
                        if (!rs.next()) {
                            created = newSecret();
                            insert(c, "tok_" + HexFormat.of().formatHex(randomBytes(8)), pepper.hmacHex(created), "bootstrap-admin",
                                    EnumSet.of(Role.ADMIN), null, "bootstrap admin token generated at first start",
                                    OffsetDateTime.now(ZoneOffset.UTC), "first-start", null);
                        }
                    }
                }
                return created;
            }
        }));
    }

    /** PostgreSQL advisory lock key serializing the bootstrap across replicas (keys 1–3 are the graph's). */
    static final long BOOTSTRAP_LOCK = 4L;

    private static boolean administers(Principal caller, TokenInfo token) {
        if (caller.allProjects()) {
            return true;
        }
        return token.projects() != null && token.projects().stream().allMatch(caller::mayRead);
    }

    private void insert(Connection c, String id, String hash, String subject, Set<Role> roles, List<String> projects,
            String description, OffsetDateTime createdAt, String createdBy, OffsetDateTime expiresAt) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO api_token (id, token_hash, subject, roles, projects,"
                + " description, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, hash);
            insert.setString(3, subject);
            insert.setArray(4, c.createArrayOf("text", roles.stream().map(Role::name).toArray()));
            if (projects == null) {
                insert.setNull(5, java.sql.Types.ARRAY);
            } else {
                insert.setArray(5, c.createArrayOf("text", projects.toArray()));
            }
            insert.setString(6, description);
            insert.setTimestamp(7, Timestamp.from(createdAt.toInstant()));
            insert.setString(8, createdBy);
            insert.setTimestamp(9, expiresAt == null ? null : Timestamp.from(expiresAt.toInstant()));
            insert.executeUpdate();
        }
    }

    private static TokenInfo find(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM api_token WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? info(rs) : null;
            }
        }
    }

    private static TokenInfo info(ResultSet rs) throws SQLException {
        List<Role> roles = Arrays.stream(strings(rs.getArray("roles"))).map(Role::valueOf).toList();
        Array projects = rs.getArray("projects");
        return new TokenInfo(rs.getString("id"), rs.getString("subject"), roles,
                projects == null ? null : List.of(strings(projects)), rs.getString("description"),
                time(rs, "created_at"), rs.getString("created_by"), time(rs, "expires_at"), time(rs, "revoked_at"),
                rs.getString("revoked_by"));
    }

    private static String[] strings(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(String::valueOf).toArray(String[]::new);
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }

    private static List<String> sorted(Set<String> projects) {
        return projects.stream().sorted().toList();
    }

    private static String newSecret() {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * The keyed HMAC behind token hashes and pseudonyms. Its key is {@code provenant.security.token-pepper} when set
     * (e.g. from a Kubernetes Secret); otherwise one is generated at first start and kept in PostgreSQL
     * ({@code security_secret}), so that every replica and every restart use the same key.
     */
    @ApplicationScoped
    public static class Pepper {

        @Inject
        SecurityConfig config;

        @Inject
        AgroalDataSource dataSource;

        private volatile byte[] key;

        public String hmacHex(String value) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key(), "HmacSHA256"));
                return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is unavailable", e);
            }
        }

        /** Whether the key comes from configuration (true) or was generated and stored (false). */
        public boolean configured() {
            return config.tokenPepper().isPresent();
        }

        byte[] key() {
            byte[] k = key;
            if (k == null) {
                k = config.tokenPepper().map(p -> p.getBytes(StandardCharsets.UTF_8)).orElseGet(this::stored);
                key = k;
            }
            return k;
        }

        private byte[] stored() {
            String value = StoreFailures.sql(() -> {
                try (Connection c = dataSource.getConnection()) {
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO security_secret (name, value) VALUES ('pepper', ?) ON CONFLICT (name) DO NOTHING")) {
                        insert.setString(1, Base64.getEncoder().encodeToString(randomBytes(32)));
                        insert.executeUpdate();
                    }
                    try (PreparedStatement select = c.prepareStatement("SELECT value FROM security_secret WHERE name = 'pepper'");
                            ResultSet rs = select.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                }
            });
            return Base64.getDecoder().decode(value);
        }
    }
}
