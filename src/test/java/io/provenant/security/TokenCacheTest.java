package io.provenant.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

/** When a verification may stand in for the token's row: the orderings of reads, notifications and sessions. */
class TokenCacheTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofMinutes(5);
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final Principal ALICE = new Principal("tok_a", "alice", EnumSet.of(Role.READER), null, false);

    private final TokenCache cache = new TokenCache();

    private void read(String hash, Instant at) {
        long epoch = cache.epoch();
        cache.verified(hash, ALICE, null, epoch, at);
    }

    @Test
    void nothingIsFreshWhileNotListening() {
        read("h", T0);
        assertNull(cache.fresh("h", T0, MAX_AGE), "no session: PostgreSQL decides");
        assertEquals(ALICE, cache.withinGrace("h", T0, GRACE), "but the verification serves the offline grace");
        cache.listening();
        assertNull(cache.fresh("h", T0, MAX_AGE), "read before the session began: it may have missed a revocation");
        read("h", T0);
        assertEquals(ALICE, cache.fresh("h", T0.plusSeconds(59), MAX_AGE));
        assertNull(cache.fresh("h", T0.plusSeconds(60), MAX_AGE), "older than the cache's time");
        cache.lost();
        assertNull(cache.fresh("h", T0, MAX_AGE), "the session is gone");
        cache.listening();
        assertNull(cache.fresh("h", T0, MAX_AGE), "a new session does not revive what was read during the old one");
    }

    @Test
    void aReadThatRacedANotificationIsNotKept() {
        cache.listening();
        long epoch = cache.epoch(); // the read starts: the row still says valid
        cache.evict("h");           // the revocation commits and its notification arrives
        cache.verified("h", ALICE, null, epoch, T0); // the read ends with what it saw before
        assertNull(cache.fresh("h", T0, MAX_AGE));
        assertNull(cache.withinGrace("h", T0, GRACE), "not even for the grace");

        long other = cache.epoch();
        cache.lost();
        cache.listening();
        cache.verified("h", ALICE, null, other, T0);
        assertNull(cache.fresh("h", T0, MAX_AGE), "a reconnection during the read voids it too");
        read("h", T0);
        assertEquals(ALICE, cache.fresh("h", T0, MAX_AGE), "a read after them is kept");
    }

    @Test
    void aNotifiedTokenIsGoneAndOthersStay() {
        cache.listening();
        read("h", T0);
        read("k", T0);
        cache.evict("h");
        assertNull(cache.fresh("h", T0, MAX_AGE));
        assertNull(cache.withinGrace("h", T0, GRACE), "a revoked token is not honoured during an outage either");
        assertEquals(ALICE, cache.fresh("k", T0, MAX_AGE), "another token's notification leaves it fresh");
        cache.forget("k");
        assertNull(cache.fresh("k", T0, MAX_AGE));
    }

    @Test
    void anExpiredTokenIsNeverAnsweredFromTheCache() {
        cache.listening();
        OffsetDateTime expires = OffsetDateTime.ofInstant(T0.plusSeconds(10), ZoneOffset.UTC);
        cache.verified("h", ALICE, expires, cache.epoch(), T0);
        assertEquals(ALICE, cache.fresh("h", T0.plusSeconds(9), MAX_AGE));
        assertNull(cache.fresh("h", T0.plusSeconds(10), MAX_AGE));
        assertNull(cache.withinGrace("h", T0.plusSeconds(10), GRACE));
    }

    @Test
    void theCacheIsBounded() {
        cache.listening();
        for (int i = 0; i < TokenCache.MAX_ENTRIES; i++) {
            read("h" + i, T0);
        }
        assertEquals(ALICE, cache.fresh("h0", T0, MAX_AGE));
        read("one-more", T0);
        assertNull(cache.fresh("h0", T0, MAX_AGE), "full: it started over");
        assertEquals(ALICE, cache.fresh("one-more", T0, MAX_AGE));
    }
}
