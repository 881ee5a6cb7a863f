package io.provenant.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque keyset cursors: base64 of {@code <scope>:<position>}. */
public final class Cursor {

    private Cursor() {
    }

    public static String encode(String scope, long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((scope + ":" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position in {@code cursor}, or -1 for none; a cursor of another scope or garbage is refused. */
    public static long decode(String field, String scope, String cursor) {
        if (cursor == null) {
            return -1;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(scope + ":")) {
                return Long.parseLong(text.substring(scope.length() + 1));
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
