package io.provenant.artifact;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.provenant.api.ProvenantError;
import io.provenant.api.StoreFailures;
import io.provenant.journal.Journal;
import io.provenant.journal.JournalDraft;
import io.provenant.journal.Projector;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Dataset versions with millions of members: members are added in pieces (idempotent: a member already in
 * the dataset is skipped), then the version is sealed. Sealing computes the content digest and makes the
 * version final: it refuses further members, and only sealed datasets can be used by runs.
 *
 * <p>Content digest = sha256 over the lines {@code "<dataset registration digest>\n"} followed by
 * {@code "<member ref> <member digest>\n"} for every member in ascending ref order (UTF-8, byte order).
 */
@ApplicationScoped
public class Datasets {

    /** Kinds that can be members: feedback events and adjudicated final labels. */
    static final Set<Kind> MEMBER_KINDS = Set.of(Kind.FEEDBACK, Kind.ADJUDICATION);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Journal journal;

    @Inject
    Projector projector;

    @Inject
    Caller caller;

    @ConfigProperty(name = "provenant.feedback.max-batch")
    int maxBatch;

    /** The dataset's state after a change. */
    public record State(ArtifactRef dataset, long memberCount, long added, boolean sealed, String contentDigest,
            List<Long> journaled) {
    }

    private record Locked(long id, String project, String digest, long memberCount, boolean sealed, String contentDigest) {
    }

    public State addMembers(String datasetText, List<String> memberTexts) {
        ArtifactRef dataset = ArtifactRef.parse("dataset", datasetText, Kind.DATASET);
        if (memberTexts == null || memberTexts.isEmpty()) {
            throw ProvenantError.invalid("members", "needs at least one member ref.");
        }
        if (memberTexts.size() > maxBatch) {
            throw ProvenantError.invalid("members", "has " + memberTexts.size() + " refs; at most " + maxBatch + " per call.");
        }
        List<String> members = new ArrayList<>(memberTexts.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < memberTexts.size(); i++) {
            ArtifactRef member = ArtifactRef.parse("members[" + i + "]", memberTexts.get(i));
            if (!MEMBER_KINDS.contains(member.kind())) {
                throw ProvenantError.invalid("members[" + i + "]", "'" + member + "' is a " + member.kind().id()
                        + "; dataset members are feedback or adjudication artifacts.");
            }
            if (seen.add(member.toString())) {
                members.add(member.toString());
            }
        }
        String actor = caller.actor();
        State state = StoreFailures.guard(() -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                Locked locked = lock(connection, dataset);
                if (locked.sealed()) {
                    // A retry of members already in the sealed version changes nothing; anything new is refused.
                    String absent = firstAbsentMember(connection, locked, members);
                    if (absent != null) {
                        throw ProvenantError.conflict("members[" + memberTexts.indexOf(absent) + "]", "Dataset '" + dataset
                                + "' is sealed and does not contain '" + absent + "'; a sealed version never changes. Register a new version.");
                    }
                    return new State(dataset, locked.memberCount(), 0, true, locked.contentDigest(), List.of());
                }
                Set<String> missing = new HashSet<>(members);
                missing.removeAll(Registrar.loadTargets(connection, new HashSet<>(members)).keySet());
                if (!missing.isEmpty()) {
                    String first = members.stream().filter(missing::contains).findFirst().orElseThrow();
                    throw ProvenantError.notFound("members[" + memberTexts.indexOf(first) + "]", first);
                }
                List<String> added = new ArrayList<>();
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dataset_member (dataset_id, member_ref)"
                        + " SELECT ?, unnest(?::text[]) ON CONFLICT DO NOTHING RETURNING member_ref")) {
                    insert.setLong(1, locked.id());
                    insert.setArray(2, connection.createArrayOf("text", members.toArray()));
                    try (ResultSet rows = insert.executeQuery()) {
                        while (rows.next()) {
                            added.add(rows.getString(1));
                        }
                    }
                }
                long count = locked.memberCount() + added.size();
                if (added.isEmpty()) {
                    return new State(dataset, count, 0, false, null, List.of());
                }
                added.sort(null);
                ObjectNode payload = JsonNodeFactory.instance.objectNode();
                payload.put("dataset", dataset.toString());
                added.forEach(payload.putArray("members")::add);
                Journal.Appended entry = appendEntry(connection, locked, dataset, JournalDraft.ADD_MEMBERS, payload, actor);
                try (PreparedStatement update = connection.prepareStatement("UPDATE dataset_state SET member_count = ? WHERE artifact_id = ?")) {
                    update.setLong(1, count);
                    update.setLong(2, locked.id());
                    update.executeUpdate();
                }
                return new State(dataset, count, added.size(), false, null, List.of(entry.seq()));
            }
        }));
        projector.project(state.journaled());
        return state;
    }

    public State seal(String datasetText) {
        ArtifactRef dataset = ArtifactRef.parse("dataset", datasetText, Kind.DATASET);
        String actor = caller.actor();
        State state = StoreFailures.guard(() -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                Locked locked = lock(connection, dataset);
                if (locked.sealed()) {
                    return new State(dataset, locked.memberCount(), 0, true, locked.contentDigest(), List.of());
                }
                if (locked.memberCount() == 0) {
                    throw ProvenantError.invalid("dataset", "'" + dataset + "' has no members; add members before sealing.");
                }
                String contentDigest = contentDigest(connection, locked);
                ObjectNode payload = JsonNodeFactory.instance.objectNode();
                payload.put("dataset", dataset.toString());
                payload.put("memberCount", locked.memberCount());
                payload.put("contentDigest", contentDigest);
                Journal.Appended entry = appendEntry(connection, locked, dataset, JournalDraft.SEAL, payload, actor);
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE dataset_state SET sealed_at = ?, content_digest = ? WHERE artifact_id = ?")) {
                    update.setTimestamp(1, Timestamp.from(entry.recordedAt()));
                    update.setString(2, contentDigest);
                    update.setLong(3, locked.id());
                    update.executeUpdate();
                }
                return new State(dataset, locked.memberCount(), 0, true, contentDigest, List.of(entry.seq()));
            }
        }));
        projector.project(state.journaled());
        return state;
    }

    private Journal.Appended appendEntry(Connection connection, Locked locked, ArtifactRef dataset, String operation,
            ObjectNode payload, String actor) throws SQLException {
        String canonical = Digests.canonicalJson(payload);
        Journal.Head head = journal.lockHead(connection);
        return journal.append(connection, head, actor, List.of(new JournalDraft(locked.project(), operation,
                dataset.toString(), canonical, Digests.sha256(canonical)))).get(0);
    }

    private static Locked lock(Connection connection, ArtifactRef dataset) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT a.id, a.project, a.digest, ds.member_count,"
                + " ds.sealed_at IS NOT NULL, ds.content_digest FROM artifact a JOIN dataset_state ds ON ds.artifact_id = a.id"
                + " WHERE a.ref = ? FOR UPDATE OF ds")) {
            select.setString(1, dataset.toString());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw ProvenantError.notFound("dataset", dataset.toString());
                }
                return new Locked(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4), row.getBoolean(5), row.getString(6));
            }
        }
    }

    private static String firstAbsentMember(Connection connection, Locked locked, List<String> members) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT m.ref FROM unnest(?::text[]) WITH ORDINALITY AS m(ref, i)"
                + " WHERE NOT EXISTS (SELECT 1 FROM dataset_member d WHERE d.dataset_id = ? AND d.member_ref = m.ref) ORDER BY m.i LIMIT 1")) {
            select.setArray(1, connection.createArrayOf("text", members.toArray()));
            select.setLong(2, locked.id());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static String contentDigest(Connection connection, Locked locked) throws SQLException {
        MessageDigest sha = Digests.newSha256();
        sha.update((locked.digest() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (PreparedStatement select = connection.prepareStatement("SELECT m.member_ref, a.digest FROM dataset_member m"
                + " JOIN artifact a ON a.ref = m.member_ref WHERE m.dataset_id = ? ORDER BY m.member_ref COLLATE \"C\"")) {
            select.setFetchSize(10_000);
            select.setLong(1, locked.id());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sha.update((rows.getString(1) + " " + rows.getString(2) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
