package io.provenant.artifact;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.provenant.api.ProvenantError;
import io.provenant.api.StoreFailures;
import io.provenant.journal.Journal;
import io.provenant.journal.JournalDraft;
import io.provenant.journal.Projector;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.provenant.security.Caller;

/**
 * Dataset versions with millions of members: members are added in pieces (idempotent: a member already in
 * the dataset is skipped), then the version is sealed. Sealing computes the content digest and makes the
 * version final: it refuses further members, and only sealed datasets can be used by runs.
 *
 * <p>Content digest = sha256 over the lines {@code "<dataset registration digest>\n"} followed by
 * {@code "<member ref> <member digest>\n"} for every member in ascending ref order (UTF-8, byte order).
 *
 * <p>Data selection rules, checked when members are added and again at the seal: a dataset takes final labels
 * only (a feedback label an adjudication resolves is refused; add the adjudication), and a version declared
 * {@code disjointFrom} other (sealed) versions is compared with each by normalized prompt digest; the overlaps are
 * journaled with the seal and kept in {@code dataset_overlap}, and refuse the seal when the version is strict.
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

    @Inject
    io.provenant.security.Disclosure disclosure;

    @Inject
    RegistrationPayloads payloads;

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
        authorize(dataset, members);
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
                refuseResolvedLabels(connection, members, memberTexts);
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

    /** The token must be allowed to write in the dataset's project and to read every member. */
    private void authorize(ArtifactRef dataset, List<String> members) {
        String project = disclosure.projectsOf(java.util.Set.of(dataset.toString())).get(dataset.toString());
        if (project != null) {
            caller.requireWrite("dataset", project);
        } else {
            caller.requireRole("Writing", io.provenant.security.Role.REGISTRAR);
        }
        java.util.Map<String, String> named = new java.util.LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            named.put("members[" + i + "]", members.get(i));
        }
        caller.requireReadOf(named);
    }

    public State seal(String datasetText) {
        ArtifactRef dataset = ArtifactRef.parse("dataset", datasetText, Kind.DATASET);
        authorize(dataset, List.of());
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
                DatasetInput registered = (DatasetInput) payloads.read(Kind.DATASET, registrationPayload(connection, locked));
                List<Overlap> overlaps = overlaps(connection, locked, dataset,
                        Checks.refs("disjointFrom", registered.disjointFrom(), Kind.DATASET, 0));
                if (registered.strictDisjointness()) {
                    refuseOverlaps(dataset, overlaps);
                }
                String contentDigest = contentDigest(connection, locked);
                // Under the journal lock, which every registration takes, so no adjudication can commit between
                // this check and the seal (the content digest and overlaps above do not need it).
                journal.lockHead(connection);
                refuseResolvedMembers(connection, locked, dataset);
                ObjectNode payload = JsonNodeFactory.instance.objectNode();
                payload.put("dataset", dataset.toString());
                payload.put("memberCount", locked.memberCount());
                payload.put("contentDigest", contentDigest);
                ArrayNode recorded = payload.putArray("overlaps");
                for (Overlap overlap : overlaps) {
                    ObjectNode item = recorded.addObject();
                    item.put("dataset", overlap.dataset());
                    item.put("prompts", overlap.prompts());
                    overlap.examples().forEach(item.putArray("examples")::add);
                }
                Journal.Appended entry = appendEntry(connection, locked, dataset, JournalDraft.SEAL, payload, actor);
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE dataset_state SET sealed_at = ?, content_digest = ? WHERE artifact_id = ?")) {
                    update.setTimestamp(1, Timestamp.from(entry.recordedAt()));
                    update.setString(2, contentDigest);
                    update.setLong(3, locked.id());
                    update.executeUpdate();
                }
                recordOverlaps(connection, locked, overlaps);
                return new State(dataset, locked.memberCount(), 0, true, contentDigest, List.of(entry.seq()));
            }
        }));
        projector.project(state.journaled());
        return state;
    }

    /** Normalized prompts a dataset shares with one it must be disjoint from; examples: its members, at most 20. */
    public record Overlap(String dataset, long prompts, List<String> examples) {
    }

    /** Most overlapping members a seal records (and names in a refusal) per counterpart. */
    static final int MAX_OVERLAP_EXAMPLES = 20;

    /** Refuses feedback members that an adjudication resolves: a dataset takes final labels only. */
    private static void refuseResolvedLabels(Connection connection, List<String> members, List<String> memberTexts)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT m.ref, l.adjudication_ref"
                + " FROM unnest(?::text[]) WITH ORDINALITY AS m(ref, i) JOIN adjudicated_label l ON l.feedback_ref = m.ref"
                + " ORDER BY m.i, l.adjudication_ref COLLATE \"C\" LIMIT 1")) {
            select.setArray(1, connection.createArrayOf("text", members.toArray()));
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    String label = row.getString(1);
                    String adjudication = row.getString(2);
                    throw ProvenantError.invalid("members[" + memberTexts.indexOf(label) + "]", "'" + label + "' is resolved by '"
                            + adjudication + "': datasets take final labels only; add '" + adjudication + "' instead.");
                }
            }
        }
    }

    /** The seal's re-check: an adjudication may have resolved a member after it was added. */
    private static void refuseResolvedMembers(Connection connection, Locked locked, ArtifactRef dataset) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT m.member_ref, l.adjudication_ref FROM dataset_member m"
                + " JOIN adjudicated_label l ON l.feedback_ref = m.member_ref WHERE m.dataset_id = ?"
                + " ORDER BY m.member_ref COLLATE \"C\", l.adjudication_ref COLLATE \"C\" LIMIT 1")) {
            select.setLong(1, locked.id());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    throw ProvenantError.conflict("dataset", "Member '" + row.getString(1) + "' of '" + dataset
                            + "' is resolved by '" + row.getString(2) + "', registered after the member was added: datasets"
                            + " take final labels only. Register a new version of the dataset with the adjudication instead.");
                }
            }
        }
    }

    private static String registrationPayload(Connection connection, Locked locked) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT payload FROM journal WHERE seq = ?")) {
            select.setLong(1, locked.id());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /**
     * Per dataset this one must be disjoint from (each must be sealed): the normalized prompt digests both have
     * among their members (an adjudication member counts with the prompt of the labels it resolves).
     */
    private static List<Overlap> overlaps(Connection connection, Locked locked, ArtifactRef dataset, List<ArtifactRef> counterparts)
            throws SQLException {
        List<Overlap> overlaps = new ArrayList<>();
        if (counterparts.isEmpty()) {
            return overlaps;
        }
        Map<String, Long> sealed = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT a.ref, a.id FROM artifact a"
                + " JOIN dataset_state ds ON ds.artifact_id = a.id WHERE a.ref = ANY (?) AND ds.sealed_at IS NOT NULL")) {
            select.setArray(1, connection.createArrayOf("text", counterparts.stream().map(ArtifactRef::toString).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sealed.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        for (ArtifactRef counterpart : counterparts) {
            if (!sealed.containsKey(counterpart.toString())) {
                throw ProvenantError.invalid("dataset", "'" + dataset + "' must be disjoint from '" + counterpart
                        + "', which is not sealed yet: seal it first, so the check compares final contents.");
            }
        }
        try (PreparedStatement select = connection.prepareStatement("WITH mine AS (SELECT m.member_ref, a.prompt_digest"
                + " FROM dataset_member m JOIN artifact a ON a.ref = m.member_ref WHERE m.dataset_id = ? AND a.prompt_digest IS NOT NULL),"
                + " theirs AS (SELECT DISTINCT a.prompt_digest FROM dataset_member m JOIN artifact a ON a.ref = m.member_ref"
                + " WHERE m.dataset_id = ? AND a.prompt_digest IS NOT NULL)"
                + " SELECT count(DISTINCT mine.prompt_digest),"
                + " (array_agg(mine.member_ref ORDER BY mine.member_ref COLLATE \"C\"))[1:" + MAX_OVERLAP_EXAMPLES + "]"
                + " FROM mine JOIN theirs ON theirs.prompt_digest = mine.prompt_digest")) {
            for (ArtifactRef counterpart : counterparts) {
                select.setLong(1, locked.id());
                select.setLong(2, sealed.get(counterpart.toString()));
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    java.sql.Array examples = row.getArray(2);
                    overlaps.add(new Overlap(counterpart.toString(), row.getLong(1),
                            examples == null ? List.of() : List.of((String[]) examples.getArray())));
                }
            }
        }
        return overlaps;
    }

    private static void refuseOverlaps(ArtifactRef dataset, List<Overlap> overlaps) {
        for (Overlap overlap : overlaps) {
            if (overlap.prompts() > 0) {
                List<String> shown = overlap.examples().subList(0, Math.min(5, overlap.examples().size()));
                throw ProvenantError.conflict("dataset", "'" + dataset + "' is strict and shares " + overlap.prompts()
                        + " normalized prompt" + (overlap.prompts() == 1 ? "" : "s") + " with '" + overlap.dataset()
                        + "' (members " + String.join(", ", shown) + (overlap.examples().size() > shown.size() ? ", …" : "")
                        + "); nothing was sealed. Remove them in a new version of the dataset.");
            }
        }
    }

    private static void recordOverlaps(Connection connection, Locked locked, List<Overlap> overlaps) throws SQLException {
        if (overlaps.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO dataset_overlap (dataset_id, counterpart_ref, prompts, examples) VALUES (?, ?, ?, ?)")) {
            for (Overlap overlap : overlaps) {
                insert.setLong(1, locked.id());
                insert.setString(2, overlap.dataset());
                insert.setLong(3, overlap.prompts());
                insert.setArray(4, connection.createArrayOf("text", overlap.examples().toArray()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
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
