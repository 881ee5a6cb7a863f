package io.provenant.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.provenant.journal.JournalLines;
import io.provenant.journal.JournalVerifier;
import io.provenant.journal.MerkleTree;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The offline verifier ({@code bin/provenant-verify}): checks an exported journal (JSONL) with no server, by
 * the same algorithm as verifyAudit, and optionally that it extends a Merkle root noted earlier.
 */
@Command(name = "provenant-verify", mixinStandardHelpOptions = true,
        description = "Verifies an exported Provenant journal (JSONL) offline: positions, payload digests, hash chain and"
                + " RFC 6962 Merkle root. Exit 0 when it verifies, 1 when it does not, 2 on bad usage.")
public final class VerifyJournal implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "The exported journal, e.g. from GET /audit/journal.jsonl.")
    Path file;

    @Option(names = "--expect-root", description = "A Merkle root (hex) noted earlier, e.g. from verifyAudit.")
    String expectRoot;

    @Option(names = "--at-size", description = "The tree size the expected root was noted at (default: all entries).")
    Long atSize;

    @Option(names = "--expect-size", description = "How many entries the journal must have (catches a truncated export).")
    Long expectSize;

    public static void main(String[] args) {
        System.exit(new CommandLine(new VerifyJournal()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        java.io.PrintWriter out = spec.commandLine().getOut();
        JournalVerifier verifier = new JournalVerifier(this::positionOf);
        String rootAtSize = null;
        long lineNumber = 0;
        MerkleTree.Accumulator prefix = new MerkleTree.Accumulator();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JournalVerifier.Row row = JournalLines.fromLine(line, lineNumber);
                if (!verifier.add(row)) {
                    break;
                }
                if (atSize != null && prefix.size() < atSize) {
                    prefix.add(MerkleTree.leafHash(row.entryHash()));
                    if (prefix.size() == atSize) {
                        rootAtSize = MerkleTree.hex(prefix.root());
                    }
                }
            }
        }
        JournalVerifier.Result result = verifier.finish(expectSize, null);
        if (!result.valid()) {
            out.println(file + ": INVALID at position " + result.firstBadPosition() + ": " + result.problem() + " - " + result.detail());
            return 1;
        }
        out.println(file + ": " + result.verifiedSize() + " entries verify; Merkle root " + result.rootHash());
        if (expectRoot != null) {
            String actual = atSize == null ? result.rootHash() : rootAtSize;
            long size = atSize == null ? result.verifiedSize() : atSize;
            if (!expectRoot.equalsIgnoreCase(String.valueOf(actual))) {
                out.println("MISMATCH: the root over the first " + size + " entries is " + actual + ", not " + expectRoot
                        + " - the journal was rewritten or the size is wrong.");
                return 1;
            }
            out.println("The first " + size + " entries match the expected root " + expectRoot + ".");
        }
        return 0;
    }

    /** Second pass, only when an entry links to the wrong place: where is the entry with this hash? */
    private Long positionOf(String entryHash) {
        long lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    JournalVerifier.Row row = JournalLines.fromLine(line, lineNumber);
                    if (entryHash.equals(row.entryHash())) {
                        return row.seq();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }
}
