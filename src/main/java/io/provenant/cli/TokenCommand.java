package io.provenant.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code provenant token create|list|revoke}: the token mutations and query (admin role). */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Creates, lists and revokes API tokens (needs an admin token).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand {

    static final String INFO = "{ id subject roles projects expiresAt revokedAt }";

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a token; prints the token (shown once) on stdout and what it may do on stderr.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ServerOptions server;

        @Option(names = "--subject", required = true, description = "Who or what holds the token (a person, a pipeline).")
        String subject;

        @Option(names = "--role", required = true, split = ",",
                description = "Roles: READER, REGISTRAR, AUDITOR, APPROVER, ADMIN (repeat or comma-separate).")
        List<String> roles;

        @Option(names = "--project", split = ",", description = "Projects it may read/write (default: all).")
        List<String> projects;

        @Option(names = "--expires-at", description = "ISO-8601 instant, e.g. 2027-01-01T00:00:00Z (default: never).")
        String expiresAt;

        @Override
        public Integer call() {
            Map<String, Object> input = new HashMap<>();
            input.put("subject", subject);
            input.put("roles", roles.stream().map(r -> r.toUpperCase(Locale.ROOT)).toList());
            input.put("projects", projects);
            input.put("expiresAt", expiresAt);
            return run(spec, server, "mutation CreateToken($subject: String!, $roles: [Role!]!, $projects: [String!], $expiresAt: DateTime) {"
                    + " createToken(input: {subject: $subject, roles: $roles, projects: $projects, expiresAt: $expiresAt})"
                    + " { token info " + INFO + " } }", input, data -> {
                        JsonNode created = data.path("createToken");
                        spec.commandLine().getOut().println(created.path("token").asText());
                        spec.commandLine().getErr().println("created " + describe(created.path("info"))
                                + ". The token is shown once: store it now.");
                    });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ServerOptions server;

        @Option(names = "--include-revoked", description = "Also list revoked tokens.")
        boolean includeRevoked;

        @Override
        public Integer call() {
            return run(spec, server, "query Tokens($includeRevoked: Boolean!) { tokens(includeRevoked: $includeRevoked) " + INFO + " }",
                    Map.of("includeRevoked", includeRevoked), data -> {
                        PrintWriter out = spec.commandLine().getOut();
                        out.printf("%-38s %-20s %-22s %-16s %-22s %s%n", "ID", "SUBJECT", "ROLES", "PROJECTS", "EXPIRES", "REVOKED");
                        for (JsonNode t : data.path("tokens")) {
                            out.printf("%-38s %-20s %-22s %-16s %-22s %s%n", t.path("id").asText(), t.path("subject").asText(),
                                    join(t.path("roles")), t.path("projects").isNull() ? "(all)" : join(t.path("projects")),
                                    t.path("expiresAt").asText("-"), t.path("revokedAt").asText("-"));
                        }
                    });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token by its id.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ServerOptions server;

        @Parameters(index = "0", paramLabel = "ID", description = "The token's id (from 'provenant token list').")
        String id;

        @Override
        public Integer call() {
            return run(spec, server, "mutation RevokeToken($id: String!) { revokeToken(id: $id) " + INFO + " }", Map.of("id", id),
                    data -> spec.commandLine().getOut().println("revoked " + describe(data.path("revokeToken"))));
        }
    }

    private static int run(CommandSpec spec, ServerOptions server, String query, Map<String, ?> variables,
            java.util.function.Consumer<JsonNode> print) {
        try {
            JsonNode response = server.client().graphql(query, variables);
            String errors = ApiClient.errors(response);
            if (errors != null) {
                spec.commandLine().getErr().println(errors);
                return 1;
            }
            print.accept(response.path("data"));
            return 0;
        } catch (ApiClient.Unreachable e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
    }

    static String describe(JsonNode info) {
        return "token " + info.path("id").asText() + " for " + info.path("subject").asText() + " (roles " + join(info.path("roles"))
                + ", projects " + (info.path("projects").isNull() || info.path("projects").isMissingNode() ? "all" : join(info.path("projects")))
                + ", expires " + info.path("expiresAt").asText("never") + (info.path("revokedAt").isNull() ? ""
                        : ", revoked " + info.path("revokedAt").asText()) + ")";
    }

    private static String join(JsonNode list) {
        List<String> items = new java.util.ArrayList<>();
        list.forEach(n -> items.add(n.asText()));
        return String.join(",", items);
    }
}
