package io.provenant;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.provenant.cli.ProvenantCli;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The bulk CLI run in-process (picocli) against the running app: an import interrupted (--limit, then a refused line)
 * and resumed registers every line exactly once in the journal; a dry run writes nothing and names each bad line's
 * number, field and reason; the exported journal verifies offline and a tampered line does not.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class CliTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
    }

    record Run(int exit, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = ProvenantCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A command that talks to the test app, as the test admin. */
    private Run server(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--url=" + base.toString().replaceAll("/$", ""));
        all.add("--token=" + Api.ADMIN_TOKEN);
        return cli(all.toArray(String[]::new));
    }

    private static String line(String kind, Map<String, Object> input) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", kind);
        node.setAll((ObjectNode) JSON.valueToTree(input));
        return node.toString();
    }

    private static String event(String ref, String reviewer) {
        return line("feedback", feedback(ref, "cli prompt " + ref, 4.0, reviewer, RUBRIC_V2, POLICY_V2));
    }

    private static boolean registered(String ref) {
        return GraphQL.ok("artifact", Map.of("ref", ref)).get("data.artifact") != null;
    }

    /** Journal entries per ref, from the CLI's own export. */
    private Map<String, Long> journalRefs(Path export) throws IOException {
        Run run = server("export", "-o", export.toString());
        assertEquals(0, run.exit(), run.err());
        try (Stream<String> lines = Files.lines(export)) {
            return lines.map(l -> {
                try {
                    return JSON.readTree(l).path("ref").asText();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.groupingBy(r -> r, Collectors.counting()));
        }
    }

    @Test
    void importInterruptedAndResumedRegistersEachLineOnce() throws IOException {
        Path dir = Files.createTempDirectory("cli-import");
        String reviewer = "reviewer:cli-erin@1";
        List<String> refs = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        lines.add(line("reviewer", input(reviewer, "role", "labeler", "tier", 1)));
        refs.add(reviewer);
        for (int i = 1; i <= 20; i++) {
            String ref = "feedback:cli-" + i + "@1";
            lines.add(event(ref, reviewer));
            refs.add(ref);
        }
        // The bench generator's spelling: one line with a batch of events.
        List<JsonNode> batch = new ArrayList<>();
        for (int i = 21; i <= 25; i++) {
            String ref = "feedback:cli-" + i + "@1";
            batch.add(JSON.valueToTree(feedback(ref, "cli prompt " + ref, 2.0, reviewer, RUBRIC_V2, POLICY_V2)));
            refs.add(ref);
        }
        lines.add(JSON.createObjectNode().put("mutation", "recordFeedback").set("events", JSON.valueToTree(batch)).toString());
        lines.add("");
        lines.add(line("policy", input("policy:cli-tone@1", "title", "Tone", "text", "Be kind.")));
        refs.add("policy:cli-tone@1");
        Path file = dir.resolve("loop.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        Run dry = cli("import", "--dry-run", file.toString());
        assertEquals(0, dry.exit(), dry.out() + dry.err());
        assertTrue(dry.out().contains("24 lines, 27 registrations read, 0 problems; nothing was sent."), dry.out());
        assertTrue(dry.out().contains(RUBRIC_V2) && dry.out().contains(POLICY_V2), "external refs listed: " + dry.out());
        assertNull(GraphQL.ok("artifact", Map.of("ref", reviewer)).get("data.artifact"), "the dry run wrote nothing");

        Run first = server("import", file.toString(), "--batch=4", "--limit=10");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("stopped after 10 lines (--limit)"), first.out());
        assertTrue(first.err().contains("lines/s") && first.err().contains("ETA"), "progress on stderr: " + first.err());
        assertTrue(registered("feedback:cli-9@1"));
        assertTrue(!registered("feedback:cli-10@1"), "line 11 is after the limit");
        JsonNode checkpoint = JSON.readTree(Path.of(file + ".checkpoint").toFile());
        assertEquals(10, checkpoint.path("line").asLong());

        Run resumed = server("import", file.toString(), "--batch=4");
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("resuming " + file + " after line 10"), resumed.err());
        assertTrue(resumed.out().contains("24 lines acknowledged of 24"), resumed.out());
        assertTrue(resumed.out().contains("sent 16 feedback events and 1 other registrations"), resumed.out());
        assertTrue(resumed.out().contains("17 created, 0 unchanged"), resumed.out());

        Run again = server("import", file.toString(), "--restart");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("0 created, 27 unchanged"), "re-sending everything is a no-op: " + again.out());

        Map<String, Long> journal = journalRefs(dir.resolve("journal.jsonl"));
        for (String ref : refs) {
            assertEquals(1L, journal.getOrDefault(ref, 0L), ref + " is journaled exactly once");
        }
    }

    @Test
    void refusedLineStopsTheImportAndTheFixedFileResumes() throws IOException {
        Path dir = Files.createTempDirectory("cli-refused");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            lines.add(event("feedback:cli-r" + i + "@1", i == 5 ? "reviewer:nobody@1" : ALICE));
        }
        Path file = dir.resolve("events.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        Run refused = server("import", file.toString(), "--batch=3");
        assertEquals(1, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("line 5, field reviewer: NOT_FOUND: Artifact 'reviewer:nobody@1' not found."), refused.err());
        assertTrue(refused.err().contains("lines 1..3 are acknowledged"), refused.err());
        assertTrue(registered("feedback:cli-r3@1"));
        assertTrue(!registered("feedback:cli-r4@1"), "the refused batch (lines 4-6) wrote nothing");

        lines.set(4, event("feedback:cli-r5@1", ALICE));
        Files.write(file, lines, StandardCharsets.UTF_8);
        Run resumed = server("import", file.toString(), "--batch=3");
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("after line 3"), resumed.err());
        assertTrue(resumed.out().contains("9 lines acknowledged of 9") && resumed.out().contains("6 created, 0 unchanged"),
                resumed.out());

        // A checkpoint over lines that changed since is not trusted.
        lines.set(0, event("feedback:cli-r1-changed@1", ALICE));
        Files.write(file, lines, StandardCharsets.UTF_8);
        Run changed = server("import", file.toString());
        assertEquals(2, changed.exit());
        assertTrue(changed.err().contains("changed since"), changed.err());
    }

    @Test
    void dryRunNamesEveryBadLineAndWritesNothing() throws IOException {
        Path file = Files.createTempFile("cli-dry", ".jsonl");
        String good = event("feedback:cli-d1@1", ALICE);
        ObjectNode typo = (ObjectNode) JSON.readTree(event("feedback:cli-d2@1", ALICE));
        typo.set("reviewr", typo.remove("reviewer"));
        ObjectNode badRef = (ObjectNode) JSON.readTree(event("feedback:cli-d3@1", ALICE));
        badRef.put("rubric", "rubric:harmlessness-rating");
        Files.write(file, List.of(good, typo.toString(), badRef.toString(), event("feedback:cli-d4@1", "reviewer:cli-later@1"),
                line("reviewer", input("reviewer:cli-later@1", "role", "labeler", "tier", 1)), "{not json",
                "{\"kind\": \"model\", \"key\": \"x\"}"), StandardCharsets.UTF_8);

        Run dry = cli("import", "--dry-run", file.toString());
        assertEquals(1, dry.exit(), dry.out() + dry.err());
        String err = dry.err();
        assertTrue(err.contains("line 2, field reviewr: unknown field"), err);
        assertTrue(err.contains("line 3, field rubric: 'rubric:harmlessness-rating' is not a ref"), err);
        assertTrue(err.contains("line 4, field reviewer: 'reviewer:cli-later@1' is registered only on line 5"), err);
        assertTrue(err.contains("line 6: not JSON"), err);
        assertTrue(err.contains("line 7, field kind: unknown kind 'model'"), err);
        assertTrue(dry.out().contains("7 lines, 3 registrations read, 5 problems; nothing was sent."), dry.out());
        assertTrue(!registered("feedback:cli-d1@1") && !registered("reviewer:cli-later@1"), "a dry run writes nothing");
    }

    @Test
    void exportedJournalVerifiesAndATamperedLineDoesNot() throws IOException {
        Path dir = Files.createTempDirectory("cli-verify");
        Path export = dir.resolve("journal.jsonl");
        journalRefs(export);
        Run ok = cli("verify", export.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("entries verify; Merkle root"), ok.out());

        List<String> lines = new ArrayList<>(Files.readAllLines(export));
        int target = lines.size() / 2;
        ObjectNode entry = (ObjectNode) JSON.readTree(lines.get(target));
        entry.put("payload", entry.path("payload").asText().replaceFirst("\\}$", ",\"tampered\":true}"));
        lines.set(target, entry.toString());
        Path tampered = dir.resolve("tampered.jsonl");
        Files.write(tampered, lines, StandardCharsets.UTF_8);
        Run bad = cli("verify", tampered.toString());
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.out().contains("INVALID at position " + entry.path("seq").asLong() + ": CHANGED"), bad.out());

        Run artifacts = server("export", "--artifacts", "--kind=release", "-o", dir.resolve("releases.jsonl").toString());
        assertEquals(0, artifacts.exit(), artifacts.err());
        JsonNode release = JSON.readTree(Files.readAllLines(dir.resolve("releases.jsonl")).get(0));
        assertEquals(RELEASE, release.path("ref").asText());
        assertNotNull(release.path("payload").path("checkpoint").asText(null), "the payload is exported as JSON");
    }

    @Test
    void tokensAreCreatedListedAndRevoked() {
        Run created = server("token", "create", "--subject=cli-pipeline", "--role=REGISTRAR", "--project=cli-tokens");
        assertEquals(0, created.exit(), created.err());
        String token = created.out().strip();
        assertTrue(token.startsWith("pvt_"), created.out());
        assertTrue(created.err().contains("for cli-pipeline (roles REGISTRAR, projects cli-tokens, expires never)"), created.err());
        String id = created.err().replaceAll("(?s).*created token (\\S+) for.*", "$1");

        Run list = server("token", "list");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("cli-pipeline") && l.contains("cli-tokens")), list.out());

        // The new token works for the CLI, within its project only.
        Path file = Path.of("target", "cli-token.jsonl");
        try {
            Files.writeString(file, line("policy", Map.of("key", "cli-token-policy", "version", "1", "project", "cli-tokens",
                    "title", "T", "text", "x")) + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Run asPipeline = cli("import", file.toString(), "--restart", "--url=" + base.toString().replaceAll("/$", ""), "--token=" + token);
        assertEquals(0, asPipeline.exit(), asPipeline.err());
        assertTrue(registered("policy:cli-token-policy@1"));

        Run revoked = server("token", "revoke", id);
        assertEquals(0, revoked.exit(), revoked.err());
        assertTrue(revoked.out().startsWith("revoked token " + id), revoked.out());
        Run refused = cli("export", "--url=" + base.toString().replaceAll("/$", ""), "--token=" + token, "--artifacts");
        assertEquals(2, refused.exit(), refused.out());
        assertTrue(refused.err().contains("HTTP 401") && refused.err().contains("the token was refused"), refused.err());
        Run listed = server("token", "list");
        assertTrue(listed.out().lines().noneMatch(l -> l.startsWith(id)), "revoked tokens are not listed by default: " + listed.out());
    }
}
