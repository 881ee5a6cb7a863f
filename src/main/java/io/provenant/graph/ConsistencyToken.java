package io.provenant.graph;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.neo4j.driver.Bookmark;

import io.provenant.api.ProvenantError;

/**
 * Neo4j bookmarks as an opaque HTTP header value: {@code v1.} + base64url (no padding) of the bookmark values,
 * one per line, sorted. Clients treat it as opaque; it only ever names graph states, never data.
 */
public final class ConsistencyToken {

    /** Request and response header carrying the token. */
    public static final String HEADER = "Provenant-Consistency";

    private static final String PREFIX = "v1.";
    private static final int MAX_LENGTH = 8192;

    private ConsistencyToken() {
    }

    public static String format(Collection<Bookmark> bookmarks) {
        String lines = bookmarks.stream().map(Bookmark::value).sorted().collect(Collectors.joining("\n"));
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(lines.getBytes(StandardCharsets.UTF_8));
    }

    /** The bookmarks of a token; none for a missing or blank one; INVALID_INPUT for anything else that is not a token. */
    public static Set<Bookmark> parse(String token) {
        if (token == null || token.isBlank()) {
            return Set.of();
        }
        String text = token.strip();
        if (!text.startsWith(PREFIX) || text.length() > MAX_LENGTH) {
            throw invalid();
        }
        String lines;
        try {
            lines = new String(Base64.getUrlDecoder().decode(text.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        Set<Bookmark> bookmarks = new LinkedHashSet<>();
        lines.lines().filter(l -> !l.isBlank()).forEach(l -> bookmarks.add(Bookmark.from(l)));
        return bookmarks;
    }

    static ProvenantError invalid() {
        return ProvenantError.invalid(HEADER, "The " + HEADER + " header is not a consistency token this service issued."
                + " Send back the value of a " + HEADER + " response header unchanged.");
    }
}
