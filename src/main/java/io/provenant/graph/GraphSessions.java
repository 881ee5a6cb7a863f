package io.provenant.graph;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.BookmarkManager;
import org.neo4j.driver.BookmarkManagerConfig;
import org.neo4j.driver.BookmarkManagers;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.async.AsyncSession;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place that opens Neo4j sessions, so every read and write is causally chained.
 *
 * <p>With a {@code neo4j://} URI the driver routes read transactions to followers/read replicas and write
 * transactions to the leader. All sessions of this replica share one {@link BookmarkManager}: a read waits until
 * the server it lands on has applied every write this replica has seen (read-your-writes within a replica).
 * Across replicas the bookmarks travel with the client: a GraphQL request that projected into the graph answers
 * with a {@value ConsistencyToken#HEADER} response header, and a later request to any replica that sends it back
 * reads a graph at least that new ({@link ConsistencyToken}).
 */
@ApplicationScoped
public class GraphSessions {

    @Inject
    Driver driver;

    private final BookmarkManager bookmarks = BookmarkManagers.defaultManager(BookmarkManagerConfig.builder().build());

    /** A session for write transactions (routed to the leader); its bookmarks go to this replica's manager. */
    public Session write() {
        return driver.session(SessionConfig.builder().withDefaultAccessMode(AccessMode.WRITE)
                .withBookmarkManager(bookmarks).build());
    }

    /**
     * A session for read transactions (routed to a reader), after this replica's writes and after those named by
     * the current request's consistency token, if any.
     */
    public Session read() {
        return driver.session(readConfig());
    }

    /**
     * Async sessions for read transactions, as {@link #read}'s; the request's consistency token is read now, so the
     * sessions may be opened later on the driver's threads ({@link GraphReader#readEach}).
     */
    public Supplier<AsyncSession> readAsync() {
        SessionConfig config = readConfig();
        return () -> driver.session(AsyncSession.class, config);
    }

    private SessionConfig readConfig() {
        SessionConfig.Builder config = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
                .withBookmarkManager(bookmarks);
        Set<Bookmark> requested = requestedBookmarks();
        if (!requested.isEmpty()) {
            config.withBookmarks(requested);
        }
        return config.build();
    }

    /**
     * Called after a write the current request made (its projection): the response carries the token of this
     * replica's bookmarks, which include that write. Outside a request (background drain, rebuild) nothing happens.
     */
    public void wrote() {
        RoutingContext request = currentRequest();
        if (request != null && !request.response().headWritten()) {
            Set<Bookmark> all = new HashSet<>(bookmarks.getBookmarks());
            all.addAll(ConsistencyToken.parse(request.response().headers().get(ConsistencyToken.HEADER)));
            request.response().headers().set(ConsistencyToken.HEADER, ConsistencyToken.format(all));
        }
    }

    private Set<Bookmark> requestedBookmarks() {
        RoutingContext request = currentRequest();
        return request == null ? Set.of() : ConsistencyToken.parse(request.request().getHeader(ConsistencyToken.HEADER));
    }

    private static RoutingContext currentRequest() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        CurrentVertxRequest current = Arc.container().instance(CurrentVertxRequest.class).get();
        return current == null ? null : current.getCurrent();
    }
}
