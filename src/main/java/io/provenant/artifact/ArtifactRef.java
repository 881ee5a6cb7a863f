package io.provenant.artifact;

import java.util.regex.Pattern;

import io.provenant.api.ProvenantError;

/** {@code kind:key@version}, e.g. {@code rubric:harmlessness@3}. Valid by construction. */
public record ArtifactRef(Kind kind, String key, String version) {

    static final Pattern KEY = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,64}");
    /** The characters of {@link #KEY} and {@link #VERSION}, checked by table: a ref is checked several times per
     * registration, and the regular expressions took 7% of the app's CPU during the benchmark's ingest (size M). */
    private static final boolean[] KEY_CHARS = characters("._/-");
    private static final boolean[] VERSION_CHARS = characters("._+-");

    private static boolean[] characters(String punctuation) {
        boolean[] allowed = new boolean[128];
        for (char c = '0'; c <= '9'; c++) {
            allowed[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            allowed[c] = true;
            allowed[Character.toUpperCase(c)] = true;
        }
        punctuation.chars().forEach(c -> allowed[c] = true);
        return allowed;
    }

    private static boolean matches(String text, boolean[] allowed, int maxLength) {
        int length = text.length();
        if (length < 1 || length > maxLength) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= allowed.length || !allowed[c]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} matches {@link #KEY} (keys, projects). */
    public static boolean validKey(String text) {
        return text != null && matches(text, KEY_CHARS, 200);
    }

    static boolean validVersion(String text) {
        return text != null && matches(text, VERSION_CHARS, 64);
    }

    public ArtifactRef {
        requireKey(null, key);
        requireVersion(null, version);
    }

    public static ArtifactRef of(Kind kind, String field, String key, String version) {
        requireKey(field == null ? "key" : field + ".key", key);
        requireVersion(field == null ? "version" : field + ".version", version);
        return new ArtifactRef(kind, key, version);
    }

    /** Parses a ref, naming {@code field} and the part that is wrong when it is not valid. */
    public static ArtifactRef parse(String field, String text) {
        if (text == null || text.isEmpty()) {
            throw ProvenantError.invalid(field, "a ref is required, as kind:key@version.");
        }
        int colon = text.indexOf(':');
        int at = text.lastIndexOf('@');
        if (colon < 0 || at < colon) {
            throw ProvenantError.invalid(field, "'" + text + "' is not a ref; expected kind:key@version, e.g. rubric:harmlessness@3.");
        }
        Kind kind = Kind.fromId(field, text.substring(0, colon));
        String key = text.substring(colon + 1, at);
        String version = text.substring(at + 1);
        if (!validKey(key)) {
            throw ProvenantError.invalid(field, "key '" + key + "' of '" + text + "' must match " + KEY.pattern() + ".");
        }
        if (!validVersion(version)) {
            throw ProvenantError.invalid(field, "version '" + version + "' of '" + text + "' must match " + VERSION.pattern() + ".");
        }
        return new ArtifactRef(kind, key, version);
    }

    /** Parses a ref that must be of the given kind. */
    public static ArtifactRef parse(String field, String text, Kind expected) {
        ArtifactRef ref = parse(field, text);
        if (ref.kind != expected) {
            throw ProvenantError.invalid(field, "'" + text + "' is a " + ref.kind.id() + "; a " + expected.id() + " ref is required.");
        }
        return ref;
    }

    private static void requireKey(String field, String key) {
        if (!validKey(key)) {
            throw ProvenantError.invalid(field, "key '" + key + "' must match " + KEY.pattern() + ".");
        }
    }

    private static void requireVersion(String field, String version) {
        if (!validVersion(version)) {
            throw ProvenantError.invalid(field, "version '" + version + "' must match " + VERSION.pattern() + ".");
        }
    }

    @Override
    public String toString() {
        return kind.id() + ":" + key + "@" + version;
    }
}
