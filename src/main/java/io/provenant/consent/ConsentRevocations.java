package io.provenant.consent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.NonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.provenant.api.Cursor;
import io.provenant.api.PageInfo;
import io.provenant.api.ProvenantError;
import io.provenant.api.StoreFailures;
import io.provenant.security.Caller;
import io.provenant.artifact.Checks;
import io.provenant.artifact.Digests;
import io.provenant.journal.Journal;
import io.provenant.journal.JournalDraft;
import io.provenant.journal.Projector;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Consent revocations, journal first like every write: one journal entry per subject, a row in
 * {@code consent_revocation}, then the {@code (:ConsentRevocation)} node in Neo4j. Recording the same
 * revocation again is a no-op; a different one for a subject already revoked is a conflict. Appends hold
 * the journal head lock, so a revocation and a feedback batch naming the subject are strictly ordered: the
 * registrar refuses new feedback of a revoked subject ({@link #refuseRevoked}).
 *
 * <p>Canonical payload: {@code {"subject", "project", "reason", "revokedAt"?, "request"?}} (JCS); an omitted
 * {@code revokedAt} means the time recorded.
 */
@ApplicationScoped
public class ConsentRevocations {

    public static final int MAX_PAGE = 500;
    private static final String CURSOR_SCOPE = "consent-revocation";
    private static final String SELECT = "SELECT subject, project, reason, revoked_at, request, digest, recorded_at, recorded_by, id"
            + " FROM consent_revocation";

    /** What revokeConsent did. */
    public record RevokeConsentResult(@NonNull ConsentRevocation revocation,
            @NonNull @org.eclipse.microprofile.graphql.Description("false when this revocation was already recorded (idempotent retry)") boolean created) {
    }

    /** A page of revocations in the order recorded. */
    public record ConsentRevocationConnection(@NonNull List<@NonNull ConsentRevocation> nodes, @NonNull PageInfo pageInfo) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Journal journal;

    @Inject
    Projector projector;

    @Inject
    Caller caller;

    /** The journal's ref for a subject's revocation. */
    public static String journalRef(String subject) {
        return "consent-subject:" + subject;
    }

    public RevokeConsentResult revoke(ConsentRevocationInput input) {
        Checks.required("input", input);
        input.validate();
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("subject", input.subject());
        payload.put("project", input.project());
        payload.put("reason", input.reason());
        if (input.revokedAt() != null) {
            payload.put("revokedAt", input.revokedAt().toInstant().toString());
        }
        if (input.request() != null) {
            payload.put("request", input.request());
        }
        String canonical = Digests.canonicalJson(payload);
        String digest = Digests.sha256(canonical);
        caller.requireWrite("input.project", input.project());
        String actor = caller.actor();
        RevokeConsentResult outcome = StoreFailures.guard(() -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                Journal.Head head = journal.lockHead(connection);
                Optional<ConsentRevocation> existing = find(connection, input.subject());
                if (existing.isPresent()) {
                    if (!existing.get().digest().equals(digest)) {
                        throw ProvenantError.conflict("subject", "Consent of subject '" + input.subject() + "' was already revoked"
                                + " (journal entry #" + existing.get().journalSequence() + ", digest " + existing.get().digest()
                                + "); this revocation has digest " + digest + ". A revocation is recorded once.");
                    }
                    return new RevokeConsentResult(existing.get(), false);
                }
                Journal.Appended entry = journal.append(connection, head, actor, List.of(new JournalDraft(input.project(),
                        JournalDraft.REVOKE_CONSENT, journalRef(input.subject()), canonical, digest))).get(0);
                Instant revokedAt = input.revokedAt() == null ? entry.recordedAt() : input.revokedAt().toInstant();
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO consent_revocation"
                        + " (id, subject, project, reason, revoked_at, request, digest, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setLong(1, entry.seq());
                    insert.setString(2, input.subject());
                    insert.setString(3, input.project());
                    insert.setString(4, input.reason());
                    insert.setTimestamp(5, Timestamp.from(revokedAt));
                    insert.setString(6, input.request());
                    insert.setString(7, digest);
                    insert.setTimestamp(8, Timestamp.from(entry.recordedAt()));
                    insert.setString(9, actor);
                    insert.executeUpdate();
                }
                return new RevokeConsentResult(find(connection, input.subject()).orElseThrow(), true);
            }
        }));
        if (outcome.created()) {
            projector.project(List.of(outcome.revocation().journalSequence()));
        }
        return outcome;
    }

    public Optional<ConsentRevocation> find(String subject) {
        Checks.text("subject", subject, Checks.MAX_NAME);
        return StoreFailures.sql(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return find(connection, subject);
            }
        });
    }

    /** Revocations in the order recorded, optionally of one project; keyset paging on the journal sequence. */
    public ConsentRevocationConnection page(String project, Integer first, String after) {
        int size = Cursor.pageSize("first", first, 50, MAX_PAGE);
        long afterId = Cursor.decode("after", CURSOR_SCOPE, after);
        if (project != null) {
            Checks.project(project);
        }
        List<ConsentRevocation> rows = StoreFailures.sql(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement select = connection.prepareStatement(SELECT + " WHERE id > ? AND (?::text IS NULL OR project = ?)"
                         + " ORDER BY id LIMIT ?")) {
                select.setLong(1, afterId);
                select.setString(2, project);
                select.setString(3, project);
                select.setInt(4, size + 1);
                return read(select);
            }
        });
        boolean more = rows.size() > size;
        List<ConsentRevocation> nodes = more ? rows.subList(0, size) : rows;
        String end = nodes.isEmpty() ? null : Cursor.encode(CURSOR_SCOPE, nodes.get(nodes.size() - 1).journalSequence());
        return new ConsentRevocationConnection(nodes, new PageInfo(more, end));
    }

    /**
     * Refuses new feedback whose consent subject was revoked. Call under the journal head lock (the one
     * {@link #revoke} takes) with the subjects of the feedback about to be appended, keyed by their field.
     */
    public static void refuseRevoked(Connection connection, Map<String, String> subjectsByField) throws SQLException {
        if (subjectsByField.isEmpty()) {
            return;
        }
        Map<String, ConsentRevocation> revoked = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE subject = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", subjectsByField.values().stream().distinct().toArray()));
            read(select).forEach(r -> revoked.put(r.subject(), r));
        }
        for (Map.Entry<String, String> entry : subjectsByField.entrySet()) {
            ConsentRevocation revocation = revoked.get(entry.getValue());
            if (revocation != null) {
                throw ProvenantError.conflict(entry.getKey(), "Consent of subject '" + revocation.subject() + "' was revoked at "
                        + revocation.revokedAt() + " (journal entry #" + revocation.journalSequence()
                        + "); feedback from this subject can no longer be recorded.");
            }
        }
    }

    private static Optional<ConsentRevocation> find(Connection connection, String subject) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE subject = ?")) {
            select.setString(1, subject);
            return read(select).stream().findFirst();
        }
    }

    private static List<ConsentRevocation> read(PreparedStatement select) throws SQLException {
        List<ConsentRevocation> rows = new ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
                rows.add(new ConsentRevocation(r.getString(1), r.getString(2), r.getString(3),
                        r.getTimestamp(4).toInstant().atOffset(ZoneOffset.UTC), r.getString(5), r.getString(6),
                        r.getTimestamp(7).toInstant().atOffset(ZoneOffset.UTC), r.getString(8), r.getLong(9)));
            }
        }
        return rows;
    }
}
