package io.provenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import io.provenant.api.DisplayText;
import io.provenant.api.ProvenantError;

/** Echoed input in error messages shows hidden characters escaped and is bounded. */
class DisplayTextTest {

    @Test
    void hiddenCharactersAreEscapedAndLongTextIsCut() {
        String plain = "policy:harmlessness@1 — ключ 😀";
        assertSame(plain, DisplayText.of(plain));
        assertEquals("a\\u0000b\\u202Ec\\u200Bd\\u000Ae", DisplayText.of("a\u0000b\u202Ec\u200Bd\ne"));
        assertEquals("x\\uD800", DisplayText.of("x\uD800"));
        String cut = DisplayText.of("k".repeat(1_000_000));
        assertEquals(DisplayText.MAX_LENGTH + 1, cut.length());
        assertEquals(cut, DisplayText.of(cut), "idempotent");
        ProvenantError error = ProvenantError.invalid("ref", "'" + "x\u202E".repeat(5) + "' is not a ref.").under("input");
        assertEquals("input.ref: 'x\\u202Ex\\u202Ex\\u202Ex\\u202Ex\\u202E' is not a ref.", error.getMessage());
    }
}
