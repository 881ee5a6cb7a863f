package io.provenant.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;

/** Opaque keyset cursors: base64 of {@code <scope>:<position>[:<position>…]}. */
public final class Cursor {

    private Cursor() {
    }

    public static String encode(String scope, long... positions) {
        String text = scope + ":" + Arrays.stream(positions).mapToObj(Long::toString).collect(Collectors.joining(":"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The single position in {@code cursor}, or -1 for none; a cursor of another scope or garbage is refused. */
    public static long decode(String field, String scope, String cursor) {
        if (cursor == null) {
            return -1;
        }
        long position = decode(field, scope, cursor, 1)[0];
        if (position < 0) { // single positions are ids and journal sequences: a negative one was forged
            throw ProvenantError.invalid(field, "'" + cursor + "' is not a cursor of this list; pass an endCursor it returned.");
        }
        return position;
    }

    /** The {@code parts} positions in {@code cursor} (not null); a cursor of another scope or shape is refused. */
    public static long[] decode(String field, String scope, String cursor, int parts) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(scope + ":")) {
                String[] values = text.substring(scope.length() + 1).split(":", -1);
                if (values.length == parts) {
                    return Arrays.stream(values).mapToLong(Long::parseLong).toArray();
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ProvenantError.invalid(field, "'" + cursor + "' is not a cursor of this list; pass an endCursor it returned.");
    }

    /** Checks a page size: 1..max. */
    public static int pageSize(String field, Integer first, int defaultSize, int max) {
        int size = first == null ? defaultSize : first;
        if (size < 1 || size > max) {
            throw ProvenantError.invalid(field, "is " + size + "; it must be between 1 and " + max + ".");
        }
        return size;
    }
}
