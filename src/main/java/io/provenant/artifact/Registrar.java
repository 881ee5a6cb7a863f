package io.provenant.artifact;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.provenant.api.ProvenantError;
import io.provenant.api.StoreFailures;
import io.provenant.consent.ConsentRevocations;
import io.provenant.journal.Journal;
import io.provenant.journal.JournalDraft;
import io.provenant.journal.Projector;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.provenant.security.Caller;

/**
 * The write path for registrations, journal first. For a batch (one registration, or a recordFeedback call):
 * validate every input; check that every referenced artifact exists, run the checks that need them and resolve each
 * input to what is journaled ({@link RegistrationInput#resolve}, e.g. a feedback event's triage routing), which fixes
 * its canonical payload and digest; then, in one PostgreSQL transaction,
 * lock the journal head, refuse conflicts (and new feedback of a data subject whose consent was revoked),
 * append journal + artifact + outbox rows for what is new (JDBC batches); after commit, project the new
 * entries into Neo4j. All or nothing: any error writes nothing.
 */
@ApplicationScoped
public class Registrar {

    private static final Logger LOG = Logger.getLogger(Registrar.class);

    /**
     * A validated registration; once its targets are checked and it is {@link RegistrationInput#resolve resolved},
     * with the canonical payload and digest of what is journaled (null before).
     */
    record Prepared(String field, RegistrationInput input, ArtifactRef ref, String payload, String digest, List<Link> links) {
    }

    /**
     * What a registration did: the artifact's ref, whether this call created it, and whether the graph shows
     * it yet (false while it waits in the outbox: Neo4j unavailable or a graph rebuild running).
     */
    public record Outcome(ArtifactRef ref, boolean created, boolean projected) {
    }

    private record Written(List<Outcome> outcomes, List<Long> seqs, boolean repeatsPending) {
    }

    /**
     * A fact journaled in the same transaction as a batch's registrations, after them (e.g. the OpenLineage run
     * event that the artifacts were mapped from), so that both are written or neither is. Both methods run under
     * the journal head lock, on the batch's connection.
     */
    public interface Accompanying {
        /** The entry to append, or null when the very same fact is already journaled (an identical retry). */
        JournalDraft draft(Connection connection) throws SQLException;

        /** Called with the appended entry, to write rows that go with it. */
        default void appended(Connection connection, Journal.Appended entry) throws SQLException {
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    Journal journal;

    @Inject
    RegistrationPayloads payloads;

    @Inject
    Projector projector;

    @Inject
    Caller caller;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    public Outcome register(RegistrationInput input) {
        return registerAll("input", List.of(input)).get(0);
    }

    /**
     * Registers a batch atomically. {@code field} names the input list in errors ({@code events[3].rubric}).
     * Identical re-registrations are no-ops that report {@code created = false}.
     */
    public List<Outcome> registerAll(String field, List<? extends RegistrationInput> inputs) {
        return registerAll(field, inputs, null);
    }

    /**
     * {@link #registerAll(String, List)} together with an accompanying fact, in one transaction. The inputs may be
     * empty (then only the fact is journaled). An input may link to an input earlier in the same batch.
     */
    public List<Outcome> registerAll(String field, List<? extends RegistrationInput> inputs, Accompanying accompanying) {
        List<Prepared> prepared = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            String path = inputs.size() == 1 && "input".equals(field) ? field : field + "[" + i + "]";
            // The token's projects first: a caller without access learns nothing from validation errors.
            String project = inputs.get(i).project();
            if (project != null) {
                caller.requireWrite(path + ".project", project);
            }
            prepared.add(prepare(path, inputs.get(i)));
        }
        authorize(prepared);
        String actor = caller.actor();
        Written written = StoreFailures.guard(() -> QuarkusTransaction.requiringNew().call(() -> write(prepared, actor, accompanying)));
        boolean projected = projector.project(written.seqs()) && !written.repeatsPending();
        countRegistrations(written.outcomes());
        return written.outcomes().stream().map(o -> new Outcome(o.ref(), o.created(), projected)).toList();
    }

    /**
     * The token must be allowed to read every artifact the inputs link to (else a writer could learn of another
     * project's artifacts from NOT_FOUND against success); the inputs' own projects were checked before validation.
     */
    private void authorize(List<Prepared> prepared) {
        Map<String, String> links = new java.util.LinkedHashMap<>();
        for (Prepared p : prepared) {
            for (Link link : p.links()) {
                links.putIfAbsent(p.field() + "." + link.field(), link.target().toString());
            }
        }
        caller.requireReadOf(links);
    }

    /** {@code provenant_registrations_total{kind}}: artifacts registered (identical retries are not counted). */
    private void countRegistrations(List<Outcome> outcomes) {
        Map<Kind, Long> byKind = new java.util.EnumMap<>(Kind.class);
        for (Outcome outcome : outcomes) {
            if (outcome.created()) {
                byKind.merge(outcome.ref().kind(), 1L, Long::sum);
            }
        }
        byKind.forEach((kind, count) -> io.micrometer.core.instrument.Counter.builder("provenant.registrations")
                .description("Artifacts registered, by kind").tag("kind", kind.id()).register(metrics).increment(count));
    }

    private Prepared prepare(String field, RegistrationInput input) {
        try {
            ArtifactRef ref = input.ref();
            input.validate();
            return new Prepared(field, input, ref, null, null, input.links());
        } catch (ProvenantError e) {
            throw e.under(field);
        }
    }

    /** The input as journaled (completed from its targets), with its canonical payload and digest. */
    private Prepared resolve(Prepared p, Targets targets) {
        try {
            p.input().validateAgainst(targets);
            p.input().authorize(caller.principal(), targets);
            RegistrationInput resolved = p.input().resolve(targets);
            String payload = payloads.canonical(resolved);
            return new Prepared(p.field(), resolved, p.ref(), payload, Digests.sha256(payload), p.links());
        } catch (ProvenantError e) {
            throw e.under(p.field());
        }
    }

    private Written write(List<Prepared> validated, String actor, Accompanying accompanying) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            // 1. Every referenced artifact must exist (artifacts are never removed, so no lock is needed); then the
            // checks that need them, and the input as journaled (payload and digest) is resolved from them.
            Set<String> targetRefs = validated.stream().flatMap(p -> p.links().stream()).map(l -> l.target().toString())
                    .collect(Collectors.toSet());
            Map<String, TargetRow> targets = loadTargets(connection, targetRefs);
            LoadedTargets loaded = new LoadedTargets(connection, targets);
            List<Prepared> batch = new ArrayList<>(validated.size());
            Map<String, TargetRow> earlierInBatch = new HashMap<>();
            for (Prepared p : validated) {
                for (Link link : p.links()) {
                    String target = link.target().toString();
                    if (!targets.containsKey(target) && !earlierInBatch.containsKey(target)) {
                        throw ProvenantError.notFound(p.field() + "." + link.field(), target);
                    }
                }
                Prepared resolved = resolve(p, loaded);
                batch.add(resolved);
                if (!targets.containsKey(resolved.ref().toString())) {
                    // Later inputs of the batch may point to this one (e.g. a checkpoint to the run producing it).
                    TargetRow row = new TargetRow(resolved.ref().kind(), resolved.payload(), false, resolved.input().project(), actor);
                    earlierInBatch.put(resolved.ref().toString(), row);
                    loaded.add(resolved.ref().toString(), row);
                }
            }
            // 2. Under the journal lock: same ref + same digest is a no-op, a different digest a conflict.
            Journal.Head head = journal.lockHead(connection);
            Map<String, String> existing = new HashMap<>();
            boolean repeatsPending = existingDigests(connection, batch, existing);
            Map<String, Prepared> fresh = new LinkedHashMap<>();
            List<Outcome> outcomes = new ArrayList<>(batch.size());
            for (Prepared p : batch) {
                String ref = p.ref().toString();
                String known = existing.get(ref);
                Prepared earlier = fresh.get(ref);
                if (known == null && earlier != null) {
                    known = earlier.digest();
                }
                if (known != null && !known.equals(p.digest())) {
                    throw ProvenantError.conflict(p.field(), "Artifact '" + ref + "' is already registered with digest "
                            + known + "; this registration has digest " + p.digest()
                            + ". Artifacts are immutable: register a new version instead.");
                }
                if (known == null) {
                    fresh.put(ref, p);
                }
                outcomes.add(new Outcome(p.ref(), known == null, false));
            }
            JournalDraft fact = accompanying == null ? null : accompanying.draft(connection);
            if (fresh.isEmpty() && fact == null) {
                return new Written(outcomes, List.of(), repeatsPending);
            }
            List<Prepared> created = List.copyOf(fresh.values());
            Map<String, String> subjects = new LinkedHashMap<>();
            for (Prepared p : created) {
                if (p.input() instanceof FeedbackEventInput f && f.consent() != null && f.consent().subject() != null) {
                    subjects.put(p.field() + ".consent.subject", f.consent().subject());
                }
            }
            ConsentRevocations.refuseRevoked(connection, subjects);
            List<JournalDraft> drafts = new ArrayList<>(created.stream().map(p -> new JournalDraft(p.input().project(),
                    JournalDraft.REGISTER, p.ref().toString(), p.payload(), p.digest())).toList());
            if (fact != null) {
                drafts.add(fact);
            }
            List<Journal.Appended> appended = journal.append(connection, head, actor, drafts);
            insertArtifacts(connection, created, appended.subList(0, created.size()), actor, loaded);
            if (fact != null) {
                accompanying.appended(connection, appended.get(appended.size() - 1));
            }
            return new Written(outcomes, appended.stream().map(Journal.Appended::seq).toList(), repeatsPending);
        }
    }

    /**
     * The artifact rows of new registrations (with the prompt digest of what they label), a dataset's state row,
     * and which labels an adjudication resolves: the one place artifact rows are written.
     */
    private static void insertArtifacts(Connection connection, List<Prepared> created, List<Journal.Appended> appended,
            String actor, Targets targets) throws SQLException {
        try (PreparedStatement artifact = connection.prepareStatement("INSERT INTO artifact"
                + " (id, ref, kind, key, version, project, digest, registered_at, registered_by, prompt_digest)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement dataset = connection.prepareStatement("INSERT INTO dataset_state (artifact_id) VALUES (?)");
             PreparedStatement resolved = connection.prepareStatement(
                     "INSERT INTO adjudicated_label (feedback_ref, adjudication_ref) VALUES (?, ?)")) {
            boolean datasets = false;
            boolean adjudications = false;
            for (int i = 0; i < created.size(); i++) {
                Prepared p = created.get(i);
                Journal.Appended entry = appended.get(i);
                artifact.setLong(1, entry.seq());
                artifact.setString(2, p.ref().toString());
                artifact.setString(3, p.ref().kind().id());
                artifact.setString(4, p.ref().key());
                artifact.setString(5, p.ref().version());
                artifact.setString(6, p.input().project());
                artifact.setString(7, p.digest());
                artifact.setTimestamp(8, Timestamp.from(entry.recordedAt()));
                artifact.setString(9, actor);
                artifact.setString(10, p.input().promptDigest(targets));
                artifact.addBatch();
                if (p.input() instanceof AdjudicationInput adjudication) {
                    for (ArtifactRef label : Checks.refs("resolves", adjudication.resolves(), Kind.FEEDBACK, 2)) {
                        resolved.setString(1, label.toString());
                        resolved.setString(2, p.ref().toString());
                        resolved.addBatch();
                    }
                    adjudications = true;
                }
                if (p.ref().kind() == Kind.DATASET) {
                    dataset.setLong(1, entry.seq());
                    dataset.addBatch();
                    datasets = true;
                }
            }
            artifact.executeBatch();
            if (datasets) {
                dataset.executeBatch();
            }
            if (adjudications) {
                resolved.executeBatch();
            }
        }
    }

    /** Fills {@code digests} with the batch's already registered refs; true if any of them still waits in the outbox. */
    private static boolean existingDigests(Connection connection, List<Prepared> batch, Map<String, String> digests)
            throws SQLException {
        List<String> refs = batch.stream().map(p -> p.ref().toString()).distinct().toList();
        boolean pending = false;
        try (PreparedStatement select = connection.prepareStatement("SELECT a.ref, a.digest,"
                + " EXISTS (SELECT 1 FROM outbox o WHERE o.seq = a.id) FROM artifact a WHERE a.ref = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", refs.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    digests.put(rows.getString(1), rows.getString(2));
                    pending |= rows.getBoolean(3);
                }
            }
        }
        return pending;
    }

    /** A referenced artifact as the checks see it. */
    record TargetRow(Kind kind, String payload, boolean sealed, String project, String registeredBy) {
    }

    static Map<String, TargetRow> loadTargets(Connection connection, Set<String> refs) throws SQLException {
        Map<String, TargetRow> targets = new HashMap<>();
        if (refs.isEmpty()) {
            return targets;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT a.ref, a.kind, j.payload, ds.sealed_at IS NOT NULL, a.project, a.registered_by"
                + " FROM artifact a JOIN journal j ON j.seq = a.id LEFT JOIN dataset_state ds ON ds.artifact_id = a.id"
                + " WHERE a.ref = ANY (?)")) {
            Array array = connection.createArrayOf("text", refs.toArray());
            select.setArray(1, array);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    targets.put(rows.getString(1), new TargetRow(Kind.fromId(null, rows.getString(2)), rows.getString(3), rows.getBoolean(4),
                            rows.getString(5), rows.getString(6)));
                }
            }
        }
        return targets;
    }

    /**
     * {@link Targets} over the link targets, loaded in one query; an artifact beyond them (e.g. an escalation's
     * feedback's rubric) is loaded when a check first asks for it. Payloads are parsed once, when a check asks.
     */
    final class LoadedTargets implements Targets {
        private final Connection connection;
        private final Map<String, TargetRow> rows;
        private final Map<String, JsonNode> parsed = new HashMap<>();
        private final Map<String, RegistrationInput> inputs = new HashMap<>();

        LoadedTargets(Connection connection, Map<String, TargetRow> rows) {
            this.connection = connection;
            this.rows = new HashMap<>(rows);
        }

        /** An artifact registered earlier in the same batch. */
        void add(String ref, TargetRow row) {
            rows.put(ref, row);
        }

        private TargetRow row(ArtifactRef ref) {
            String key = ref.toString();
            if (!rows.containsKey(key)) {
                try {
                    rows.putAll(loadTargets(connection, Set.of(key)));
                } catch (SQLException e) {
                    throw new IllegalStateException("Cannot load " + key + ": " + e.getMessage(), e);
                }
            }
            TargetRow row = rows.get(key);
            if (row == null) {
                throw new IllegalStateException(key + " is referenced by a registered artifact but is not registered.");
            }
            return row;
        }

        @Override
        public JsonNode payload(ArtifactRef ref) {
            TargetRow row = row(ref);
            return parsed.computeIfAbsent(ref.toString(), (Function<String, JsonNode>) key -> {
                try {
                    return mapper.readTree(row.payload());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("Journal payload of " + key + " is unreadable.", e);
                }
            });
        }

        @Override
        public RegistrationInput input(ArtifactRef ref) {
            TargetRow row = row(ref);
            return inputs.computeIfAbsent(ref.toString(), key -> payloads.read(row.kind(), row.payload()));
        }

        @Override
        public boolean sealed(ArtifactRef ref) {
            return row(ref).sealed();
        }

        @Override
        public String registeredBy(ArtifactRef ref) {
            return row(ref).registeredBy();
        }
    }
}
