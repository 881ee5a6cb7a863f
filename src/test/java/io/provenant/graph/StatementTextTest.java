package io.provenant.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The text of a Cypher file as GraphReader sends it: whole-line comments dropped, everything else as written. */
class StatementTextTest {

    @Test
    void wholeLineCommentsAreDroppedAndCodeIsKeptAsWritten() {
        String file = "// what the statement answers\n"
                + "MATCH (a:Artifact {ref: $ref})\n"
                + "  // an indented comment between clauses\n"
                + "WHERE a.note = 'see http://example.org//x' // a comment after code stays\n"
                + "\t//\n"
                + "RETURN a.ref AS ref\n";
        assertEquals("MATCH (a:Artifact {ref: $ref})\n"
                + "WHERE a.note = 'see http://example.org//x' // a comment after code stays\n"
                + "RETURN a.ref AS ref", GraphReader.withoutCommentLines(file));
        assertEquals("RETURN 1", GraphReader.withoutCommentLines("RETURN 1"));
    }
}
