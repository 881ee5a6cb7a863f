package io.provenant.cli;

import io.provenant.audit.VerifyJournal;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The bulk command line ({@code bin/provenant import|export|verify|token}): a client of a running Provenant over its
 * public API (GraphQL at /graphql, the journal export at /audit/journal.jsonl), plus the offline journal verifier.
 * Plain picocli in the application jar, run with {@code java -cp} (not quarkus-picocli: it would make the server jar a
 * command). Exit codes: 0 done, 1 refused or failed lines, 2 bad usage or unreachable server.
 */
@Command(name = "provenant", mixinStandardHelpOptions = true, version = "provenant 0.1.0",
        description = "Bulk client of a Provenant registry: import JSONL, export the journal or artifacts, verify an export"
                + " offline, manage tokens.",
        subcommands = {ImportCommand.class, ExportCommand.class, TokenCommand.class})
public final class ProvenantCli {

    private ProvenantCli() {
    }

    /** The command line with every subcommand, verify being the existing offline verifier. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ProvenantCli());
        cli.addSubcommand("verify", new CommandLine(new VerifyJournal()));
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
