package io.provenant.security;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens verified lately, by hash, and whether a verification may stand in for reading the token's row.
 *
 * <p>A verification is <em>fresh</em> (answered without PostgreSQL) only while this replica listens to the token
 * notifications (a trigger on {@code api_token} notifies each change of a row on commit), only if it was read after
 * listening began, and for at most the configured time. Every change of the state (a notification, a lost or new
 * listening session) moves the epoch first; a verification read while the epoch moved is not kept, so a read that
 * raced a revocation cannot outlive it. Any verification, fresh or not, is kept for the offline grace: used only
 * while PostgreSQL cannot be read. A notified token leaves the cache altogether.
 */
final class TokenCache {

    /** Above this many tokens the cache starts over (a bound on memory, not a policy). */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(Principal principal, OffsetDateTime expiresAt, Instant verifiedAt, long epoch) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    /** The epoch at which the current listening session began; -1 while not listening. */
    private volatile long listeningSince = -1;

    /** To be read before looking a token up in PostgreSQL, and passed to {@link #verified}. */
    long epoch() {
        return epoch.get();
    }

    /** The caller of a fresh verification, or null: then PostgreSQL decides. */
    Principal fresh(String hash, Instant now, Duration maxAge) {
        long since = listeningSince;
        Entry entry = entries.get(hash);
        return since < 0 || entry == null || entry.epoch() < since ? null : usable(entry, now, maxAge);
    }

    /** The caller of a verification within the grace period, fresh or not (while PostgreSQL cannot be read), or null. */
    Principal withinGrace(String hash, Instant now, Duration grace) {
        Entry entry = entries.get(hash);
        return entry == null ? null : usable(entry, now, grace);
    }

    /** The entry's caller if it was verified less than {@code maxAge} ago and its token has not expired since, else null. */
    private static Principal usable(Entry entry, Instant now, Duration maxAge) {
        if (!entry.verifiedAt().plus(maxAge).isAfter(now)) {
            return null;
        }
        if (entry.expiresAt() != null && !entry.expiresAt().toInstant().isAfter(now)) {
            return null;
        }
        return entry.principal();
    }

    /**
     * Keeps a verification read from PostgreSQL, unless the epoch moved since {@code readEpoch} (a notification or a
     * change of listening state came in while it was read: it may be stale).
     */
    void verified(String hash, Principal principal, OffsetDateTime expiresAt, long readEpoch, Instant at) {
        if (epoch.get() != readEpoch) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        Entry entry = new Entry(principal, expiresAt, at, readEpoch);
        entries.put(hash, entry);
        if (epoch.get() != readEpoch) {
            entries.remove(hash, entry); // an eviction ran between the check and the put
        }
    }

    /** The token's row changed (a notification, or this replica revoked it): forget it, void verifications being read. */
    void evict(String hash) {
        epoch.incrementAndGet();
        entries.remove(hash);
    }

    /** The token was refused by its row: forget it (the notification of the change that refused it moves the epoch). */
    void forget(String hash) {
        entries.remove(hash);
    }

    /** A listening session began: only what is read from now on can be fresh. */
    void listening() {
        listeningSince = epoch.incrementAndGet();
    }

    /** Not listening any more: nothing is fresh, verifications being read are not kept. */
    void lost() {
        listeningSince = -1;
        epoch.incrementAndGet();
    }

    boolean listens() {
        return listeningSince >= 0;
    }
}
