package io.provenant.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code provenant export}: the journal as JSONL (GET /audit/journal.jsonl, the format {@code provenant verify} checks),
 * or with {@code --artifacts} the registered artifacts (the artifacts query, paged), one JSON object per line.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes the journal (default; verifiable offline with 'provenant verify') or the artifacts as JSONL.")
public final class ExportCommand implements Callable<Integer> {

    private static final String ARTIFACTS = "query ExportArtifacts($kind: ArtifactKind, $project: String, $after: String) {"
            + " artifacts(kind: $kind, project: $project, first: 500, after: $after) {"
            + " edges { node { ref kind key version project digest registeredAt registeredBy journalSequence payload"
            + " references { type field ref } } } pageInfo { hasNextPage endCursor } } }";

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Option(names = {"-o", "--output"}, description = "Write here instead of stdout.")
    Path output;

    @Option(names = "--artifacts", description = "Export artifacts instead of the journal.")
    boolean artifacts;

    @Option(names = "--kind", description = "With --artifacts: only this kind (GraphQL spelling, e.g. FEEDBACK, TRAINING_RUN).")
    String kind;

    @Option(names = "--project", description = "With --artifacts: only this project.")
    String project;

    @Option(names = "--from", description = "Journal: first position (default 1).")
    Long from;

    @Option(names = "--to", description = "Journal: last position (default: the head).")
    Long to;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ApiClient client = server.client();
        try (OutputStream target = output == null ? nonClosing(System.out) : Files.newOutputStream(output)) {
            long lines = artifacts ? artifacts(client, target) : journal(client, target);
            if (output != null) {
                err.printf(Locale.ROOT, "wrote %,d %s to %s%n", lines, artifacts ? "artifacts" : "journal entries", output);
            }
            return 0;
        } catch (ApiClient.Unreachable | IllegalStateException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private long journal(ApiClient client, OutputStream target) throws IOException {
        StringBuilder query = new StringBuilder("/audit/journal.jsonl");
        if (from != null || to != null) {
            query.append('?').append(from != null ? "from=" + from : "").append(from != null && to != null ? "&" : "")
                    .append(to != null ? "to=" + to : "");
        }
        long lines = 0;
        try (InputStream in = client.get(query.toString())) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                target.write(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        target.flush();
        return lines;
    }

    private long artifacts(ApiClient client, OutputStream target) throws IOException {
        long lines = 0;
        String after = null;
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("kind", kind == null ? null : kind.toUpperCase(Locale.ROOT).replace('-', '_'));
            variables.put("project", project);
            variables.put("after", after);
            JsonNode response = client.graphql(ARTIFACTS, variables);
            String errors = ApiClient.errors(response);
            if (errors != null) {
                throw new IllegalStateException("artifacts: " + errors);
            }
            JsonNode page = response.path("data").path("artifacts");
            for (JsonNode edge : page.path("edges")) {
                ObjectNode node = (ObjectNode) edge.path("node").deepCopy();
                node.set("payload", ApiClient.JSON.readTree(node.path("payload").asText()));
                target.write((node + "\n").getBytes(StandardCharsets.UTF_8));
                lines++;
            }
            after = page.path("pageInfo").path("hasNextPage").asBoolean() ? page.path("pageInfo").path("endCursor").asText() : null;
        } while (after != null);
        target.flush();
        return lines;
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
