package io.provenant.openlineage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.provenant.api.ProvenantError;
import io.provenant.artifact.Checks;
import io.provenant.artifact.Digests;
import io.provenant.artifact.Registrar;
import io.provenant.journal.Journal;
import io.provenant.journal.JournalDraft;

/**
 * Records an OpenLineage run event: the event itself as one journal entry ({@code openlineage-event}, ref
 * {@code openlineage-run:<runId>/<eventType>/<eventTime>}, payload the event's canonical JSON) and the artifacts
 * mapped from it ({@link RunEventMapping}) as register entries, in one transaction through the {@link Registrar}:
 * all or nothing. The same event again (same run, type and time, same content) is a no-op; the same run, type
 * and time with other content is a conflict.
 */
@ApplicationScoped
public class OpenLineageEvents {

    /** What a recorded event did. */
    public record Recorded(String runId, String eventType, boolean recorded, long journalSequence,
            List<MappedArtifact> artifacts, boolean projected, String note) {
    }

    /** An artifact registered (or found registered) from the event. */
    public record MappedArtifact(String ref, boolean created) {
    }

    @Inject
    RunEventMapping mapping;

    @Inject
    Registrar registrar;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    /** The journal ref of an event: one per run, event type and event time. */
    public static String journalRef(RunEvent event) {
        return "openlineage-run:" + event.runId() + "/" + event.eventType() + "/" + event.eventTime();
    }

    @Inject
    io.provenant.security.Caller caller;

    public Recorded record(JsonNode json) {
        RunEvent event = RunEvent.parse(json);
        try {
            Checks.project(event.namespace());
        } catch (ProvenantError e) {
            throw e.at("job.namespace");
        }
        // The namespace is the project: a registrar's token must reach it (inputs' projects are checked on register).
        caller.requireWrite("job.namespace", event.namespace());
        RunEventMapping.Mapped mapped = mapping.map(event);
        String payload = Digests.canonicalJson(json);
        String digest = Digests.sha256(payload);
        String ref = journalRef(event);
        long[] sequence = {0};
        boolean[] fresh = {false};
        Registrar.Accompanying fact = new Registrar.Accompanying() {
            @Override
            public JournalDraft draft(Connection connection) throws SQLException {
                try (PreparedStatement select = connection.prepareStatement("SELECT seq, payload_digest FROM journal"
                        + " WHERE ref = ? AND operation = ? ORDER BY seq LIMIT 1")) {
                    select.setString(1, ref);
                    select.setString(2, JournalDraft.OPENLINEAGE_EVENT);
                    try (ResultSet row = select.executeQuery()) {
                        if (row.next()) {
                            if (!row.getString(2).equals(digest)) {
                                throw ProvenantError.conflict("run.runId", "A " + event.eventType() + " event of run '"
                                        + event.runId() + "' at " + event.eventTime() + " was already recorded (journal entry #"
                                        + row.getLong(1) + ", digest " + row.getString(2) + "); this one has digest " + digest
                                        + ". Events are immutable: send a new eventTime for a new state.");
                            }
                            sequence[0] = row.getLong(1);
                            return null;
                        }
                    }
                }
                fresh[0] = true;
                return new JournalDraft(event.namespace(), JournalDraft.OPENLINEAGE_EVENT, ref, payload, digest);
            }

            @Override
            public void appended(Connection connection, Journal.Appended entry) {
                sequence[0] = entry.seq();
            }
        };
        List<Registrar.Outcome> outcomes;
        try {
            outcomes = registrar.registerAll(RunEventMapping.FIELD, mapped.artifacts(), fact);
        } catch (ProvenantError e) {
            throw e.at(mapped.eventField(e));
        }
        if (fresh[0]) {
            io.micrometer.core.instrument.Counter.builder("provenant.openlineage.events")
                    .description("OpenLineage run events journaled (identical retries not counted)")
                    .tag("eventType", event.eventType().name()).register(metrics).increment();
        }
        List<MappedArtifact> artifacts = new ArrayList<>();
        boolean projected = true;
        for (Registrar.Outcome outcome : outcomes) {
            artifacts.add(new MappedArtifact(outcome.ref().toString(), outcome.created()));
            projected &= outcome.projected();
        }
        return new Recorded(event.runId().toString(), event.eventType().name(), fresh[0], sequence[0], artifacts,
                projected, mapped.note());
    }
}
