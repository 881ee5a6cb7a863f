package io.provenant.api;

/**
 * Text of an error message that is safe to show and log: input echoed in a message (a ref, a key, an offending token)
 * may hold control characters, NUL, bidirectional overrides (U+202E can make "gnp.exe" read as "exe.png") or
 * zero-width characters; they are written as {@code \u202E}, so what the caller sees is what was sent. A message is
 * at most {@value #MAX_LENGTH} characters: a megabyte ref is not echoed back whole.
 */
public final class DisplayText {

    public static final int MAX_LENGTH = 2_000;

    private DisplayText() {
    }

    public static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            boolean hidden = switch (Character.getType(codePoint)) {
                case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                        Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
                default -> false;
            };
            if (hidden || (out != null && out.length() >= MAX_LENGTH) || (out == null && i >= MAX_LENGTH)) {
                if (out == null) {
                    out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16).append(text, 0, i);
                }
                if (out.length() >= MAX_LENGTH) {
                    return out.append('…').toString();
                }
                for (char c : Character.toChars(codePoint)) {
                    out.append(String.format("\\u%04X", (int) c));
                }
            } else if (out != null) {
                out.appendCodePoint(codePoint);
            }
            i += width;
        }
        return out == null ? text : out.toString();
    }
}
