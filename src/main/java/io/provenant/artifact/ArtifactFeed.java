package io.provenant.artifact;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.provenant.api.ProvenantError;
import io.provenant.journal.JournalFeed;
import io.provenant.security.Principal;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Newly registered artifacts, live, for subscriptions: each subscriber follows the artifact rows (keyed by journal
 * position) after its own cursor, woken by {@link JournalFeed} when the journal head moves. Only committed rows are
 * read, in journal order, each once; filters are applied in SQL, so a subscriber to one project's releases costs one
 * indexed query per wake-up however busy the registry is.
 */
@ApplicationScoped
public class ArtifactFeed {

    /** Rows read per query; a wake-up reads pages until it reaches the head it was woken for. */
    static final int PAGE = 1_000;

    @Inject
    JournalFeed journal;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ArtifactCatalog catalog;

    /**
     * The projects a subscription may follow: those asked for, each of which the token must be able to read
     * (FORBIDDEN naming it), or, when none are asked for, the token's projects (null: every project).
     */
    public static List<String> scope(Principal principal, List<String> requested) {
        if (requested != null && !requested.isEmpty()) {
            for (int i = 0; i < requested.size(); i++) {
                if (!principal.mayRead(requested.get(i))) {
                    throw ProvenantError.forbidden("projects[" + i + "]", "Your token is not scoped to project '" + requested.get(i) + "'.");
                }
            }
            return requested;
        }
        return principal.allProjects() ? null : List.copyOf(principal.projects());
    }

    /**
     * Artifacts registered after journal position {@code after} (null: from now on) in {@code projects} and of
     * {@code kinds} (null or empty: all), in journal order.
     */
    public Multi<Artifact> registered(Collection<String> projects, Collection<Kind> kinds, Long after) {
        if (after != null && after < 0) {
            throw ProvenantError.invalid("afterSequence", "must be >= 0 (a journal position); got " + after + ".");
        }
        List<String> projectList = projects == null ? List.of() : List.copyOf(projects);
        List<String> kindList = kinds == null ? List.of() : kinds.stream().map(Kind::id).toList();
        return Multi.createFrom().deferred(() -> {
            AtomicLong cursor = new AtomicLong(after != null ? after : journal.head());
            // Subscribe to the heads first, then read once at once: a commit between the two is read either way.
            Multi<Long> wakeUps = Multi.createBy().merging().streams(journal.heads(), Multi.createFrom().item(-1L));
            return wakeUps.onOverflow().dropPreviousItems()
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .concatMap(head -> Multi.createFrom().iterable(read(cursor, head, projectList, kindList)));
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private List<Artifact> read(AtomicLong cursor, long head, List<String> projects, List<String> kinds) {
        long upTo = head < 0 ? journal.head() : head;
        List<ArtifactRef> refs = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            while (cursor.get() < upTo) {
                int found = 0;
                try (PreparedStatement select = connection.prepareStatement("SELECT id, ref FROM artifact WHERE id > ? AND id <= ?"
                        + (projects.isEmpty() ? "" : " AND project = ANY (?)") + (kinds.isEmpty() ? "" : " AND kind = ANY (?)")
                        + " ORDER BY id LIMIT " + PAGE)) {
                    int i = 1;
                    select.setLong(i++, cursor.get());
                    select.setLong(i++, upTo);
                    if (!projects.isEmpty()) {
                        select.setArray(i++, connection.createArrayOf("text", projects.toArray()));
                    }
                    if (!kinds.isEmpty()) {
                        select.setArray(i, connection.createArrayOf("text", kinds.toArray()));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found++;
                            cursor.set(rows.getLong(1));
                            refs.add(ArtifactRef.parse("ref", rows.getString(2)));
                        }
                    }
                }
                if (found < PAGE) {
                    cursor.set(Math.max(cursor.get(), upTo));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("artifact feed: " + e.getMessage(), e);
        }
        return refs.isEmpty() ? List.of() : load(refs);
    }

    private List<Artifact> load(List<ArtifactRef> refs) {
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> catalog.findAll(refs));
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }
}
