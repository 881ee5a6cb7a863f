package io.provenant.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code provenant import FILE.jsonl}: streams a JSONL file of artifacts and feedback events to the API in order,
 * feedback in recordFeedback batches and other lines as register… calls (several per request). Resumable: after
 * every acknowledged request the checkpoint file records the last line fully acknowledged and a sha256 over the
 * lines up to it; a second run skips those lines (and refuses if they changed), and whatever is sent again is an
 * idempotent no-op on the server. A refused line stops the import with its line number, field and reason; nothing of
 * its request is written (recordFeedback is atomic), the lines before it stay acknowledged.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Imports a JSONL file (one artifact or feedback event per line, naming its kind) in batches,"
                + " resumably. Exit 0: done (or stopped at --limit); 1: a line was refused or is invalid; 2: bad usage,"
                + " unreadable file or unreachable server.",
        footer = {"", "Line formats:",
                "  {\"kind\": \"feedback\", \"key\": \"fb-1\", \"version\": \"1\", \"project\": \"assistant\", \"prompt\": …}",
                "  {\"kind\": \"policy\", \"key\": …}   (kinds as in refs: policy, rubric, reviewer, triage, escalation,",
                "   calibration, adjudication, dataset, training-run, checkpoint, eval-run, gate-policy, gate, release)",
                "  {\"mutation\": \"recordFeedback\", \"events\": [...]} | {\"mutation\": \"registerPolicy\", \"input\": {…}}",
                "  {\"mutation\": \"addDatasetMembers\", \"dataset\": …, \"members\": [...]} | {\"mutation\": \"sealDataset\", \"dataset\": …}"})
public final class ImportCommand implements Callable<Integer> {

    private static final Pattern EVENT_INDEX = Pattern.compile("events\\[(\\d+)]");
    private static final Pattern CALL_ALIAS = Pattern.compile("\\bc(\\d+)\\b");

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "The file to import.")
    Path file;

    @Option(names = "--dry-run", description = "Validate every line locally (JSON shape, fields, refs, order) and send nothing.")
    boolean dryRun;

    @Option(names = "--batch", defaultValue = "5000", description = "Feedback events per recordFeedback call (default: ${DEFAULT-VALUE}; at most 10,000).")
    int batch;

    @Option(names = "--calls", defaultValue = "50", description = "Other registrations per request (default: ${DEFAULT-VALUE}).")
    int callsPerRequest;

    @Option(names = "--checkpoint", description = "Checkpoint file (default: FILE.jsonl.checkpoint).")
    Path checkpoint;

    @Option(names = "--restart", description = "Ignore the checkpoint and send every line again (no-ops for what exists).")
    boolean restart;

    @Option(names = "--limit", description = "Stop after this many lines in this run (resume later).")
    Long limit;

    @Option(names = "--max-errors", defaultValue = "50", description = "Dry run: stop listing after this many invalid lines (default: ${DEFAULT-VALUE}).")
    int maxErrors;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    private PrintWriter out;
    private PrintWriter err;
    private ApiClient client;
    private Progress progress;
    private final List<ImportLine.Item> pending = new ArrayList<>();
    /** sha256 state after each line still in {@link #pending} (and the one before it): what a checkpoint records. */
    private final TreeMap<Long, MessageDigest> prefixAfter = new TreeMap<>();
    private long acknowledged;
    private long created;
    private long unchanged;
    private long feedbackSent;
    private long callsSent;

    @Override
    public Integer call() throws IOException {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        if (batch < 1 || batch > 10_000 || callsPerRequest < 1 || callsPerRequest > 500) {
            err.println("--batch must be 1..10000 and --calls 1..500.");
            return 2;
        }
        if (!Files.isReadable(file)) {
            err.println(file + ": cannot read the file.");
            return 2;
        }
        return dryRun ? dryRun() : importFile();
    }

    private int dryRun() throws IOException {
        ImportCheck check = new ImportCheck();
        List<ImportLine.Invalid> invalid = new ArrayList<>();
        long lines = 0;
        long items = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                lines++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    for (ImportLine.Item item : ImportLine.parse(lines, text)) {
                        check.check(item);
                        items++;
                    }
                } catch (ImportLine.Invalid e) {
                    invalid.add(e);
                }
            }
        }
        invalid.addAll(check.orderProblems());
        invalid.sort(java.util.Comparator.comparingLong(e -> e.line));
        for (ImportLine.Invalid e : invalid.subList(0, Math.min(invalid.size(), maxErrors))) {
            err.println(file + ": " + e.describe());
        }
        if (invalid.size() > maxErrors) {
            err.println(file + ": … and " + (invalid.size() - maxErrors) + " more invalid lines.");
        }
        List<String> external = check.externalRefs();
        out.printf(Locale.ROOT, "dry run of %s: %,d lines, %,d registrations read, %,d problems; nothing was sent.%n", file, lines, items,
                invalid.size());
        if (!external.isEmpty()) {
            out.printf(Locale.ROOT, "%,d refs are registered by no line of the file and must exist on the server: %s%n", external.size(),
                    String.join(", ", external.subList(0, Math.min(20, external.size()))) + (external.size() > 20 ? ", …" : ""));
        }
        return invalid.isEmpty() ? 0 : 1;
    }

    private int importFile() throws IOException {
        client = server.client();
        Path checkpointFile = checkpoint != null ? checkpoint : Path.of(file + ".checkpoint");
        Checkpoint resume = restart ? null : Checkpoint.read(checkpointFile);
        long total = countLines();
        long resumeLine = resume == null ? 0 : Math.min(resume.line(), total);
        if (resume != null && resume.line() > total) {
            err.println(file + " has " + total + " lines but " + checkpointFile + " acknowledges " + resume.line()
                    + ": not the file it was written for. Delete the checkpoint or pass --restart.");
            return 2;
        }
        if (resume != null) {
            err.println("resuming " + file + " after line " + resumeLine + " (" + checkpointFile + ")");
        }
        progress = new Progress(err, total, resumeLine, System.console() != null && !noProgress);
        acknowledged = resumeLine;
        long started = System.nanoTime();
        long lineNo = 0;
        long readThisRun = 0;
        boolean stoppedAtLimit = false;
        MessageDigest prefix = sha256();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                lineNo++;
                MessageDigest before = copy(prefix);
                prefix.update((text + "\n").getBytes(StandardCharsets.UTF_8));
                if (lineNo <= resumeLine) {
                    if (lineNo == resumeLine && !HexFormat.of().formatHex(copy(prefix).digest()).equals(resume.prefixSha256())) {
                        err.println("the first " + resumeLine + " lines of " + file + " changed since " + checkpointFile
                                + " was written: not resuming. Delete the checkpoint or pass --restart (re-sending is a no-op for"
                                + " what is already registered).");
                        return 2;
                    }
                    continue;
                }
                if (limit != null && readThisRun >= limit) {
                    stoppedAtLimit = true;
                    break;
                }
                readThisRun++;
                prefixAfter.putIfAbsent(lineNo - 1, before);
                prefixAfter.put(lineNo, copy(prefix));
                if (text.isBlank()) {
                    if (pending.isEmpty()) {
                        acknowledge(lineNo, checkpointFile);
                    }
                    continue;
                }
                List<ImportLine.Item> items;
                try {
                    items = ImportLine.parse(lineNo, text);
                } catch (ImportLine.Invalid e) {
                    if (flush(checkpointFile) != 0) {
                        return 1;
                    }
                    return refused(e, checkpointFile);
                }
                for (ImportLine.Item item : items) {
                    if (!pending.isEmpty() && pending.get(0).getClass() != item.getClass()) {
                        if (flush(checkpointFile) != 0) {
                            return 1;
                        }
                    }
                    pending.add(item);
                    int size = item instanceof ImportLine.Feedback ? batch : callsPerRequest;
                    if (pending.size() >= size && flush(checkpointFile) != 0) {
                        return 1;
                    }
                }
                if (pending.isEmpty()) {
                    acknowledge(lineNo, checkpointFile);
                }
            }
            if (flush(checkpointFile) != 0) {
                return 1;
            }
        } catch (ApiClient.Unreachable e) {
            progress.end();
            err.println(e.getMessage());
            err.println("acknowledged through line " + acknowledged + " (" + checkpointFile + "); run the same command again to resume.");
            return 2;
        }
        progress.update(acknowledged, created, unchanged, true);
        progress.end();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "%s: %,d lines acknowledged of %,d; this run sent %,d feedback events and %,d other registrations"
                + " in %.1f s: %,d created, %,d unchanged.%n", file, acknowledged, total, feedbackSent, callsSent, seconds, created, unchanged);
        if (stoppedAtLimit) {
            out.printf(Locale.ROOT, "stopped after %,d lines (--limit); run the same command again to resume after line %,d.%n", limit,
                    acknowledged);
        }
        return 0;
    }

    /** Sends what is pending; returns 0, or 1 after reporting the refused line. */
    private int flush(Path checkpointFile) throws IOException {
        if (pending.isEmpty()) {
            return 0;
        }
        ImportLine.Item last = pending.get(pending.size() - 1);
        ImportLine.Invalid refusal = pending.get(0) instanceof ImportLine.Feedback ? sendFeedback() : sendCalls();
        if (refusal != null) {
            return refused(refusal, checkpointFile);
        }
        pending.clear();
        acknowledge(last.lastOfLine() ? last.line() : last.line() - 1, checkpointFile);
        return 0;
    }

    private int refused(ImportLine.Invalid e, Path checkpointFile) throws IOException {
        progress.end();
        err.println(file + ": " + e.describe());
        err.println("stopped: lines 1.." + acknowledged + " are acknowledged (" + checkpointFile + "); fix line " + e.line
                + " and run the same command again to resume.");
        return 1;
    }

    private void acknowledge(long line, Path checkpointFile) throws IOException {
        if (line <= acknowledged) {
            return;
        }
        MessageDigest state = prefixAfter.get(line);
        if (state != null) {
            new Checkpoint(file.toString(), line, HexFormat.of().formatHex(copy(state).digest())).write(checkpointFile);
            acknowledged = line;
        }
        prefixAfter.headMap(line, false).clear();
        progress.update(acknowledged, created, unchanged, false);
    }

    private ImportLine.Invalid sendFeedback() {
        ArrayNode events = ApiClient.JSON.createArrayNode();
        for (ImportLine.Item item : pending) {
            events.add(((ImportLine.Feedback) item).event());
        }
        JsonNode response = client.graphql("mutation ImportFeedback($events: [FeedbackEventInput!]!) {"
                + " recordFeedback(events: $events) { accepted created unchanged } }", Map.of("events", events));
        JsonNode errors = response.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            JsonNode error = errors.get(0);
            String field = error.path("extensions").path("field").asText(null);
            Matcher index = EVENT_INDEX.matcher(field != null ? field : error.path("message").asText());
            ImportLine.Item item = index.find() ? pending.get(Math.min(pending.size() - 1, Integer.parseInt(index.group(1)))) : null;
            String relative = field == null ? null : field.replaceFirst("^events\\[\\d+]\\.?", "");
            return invalid(item, relative, error, "events");
        }
        JsonNode batchResult = response.path("data").path("recordFeedback");
        created += batchResult.path("created").asLong();
        unchanged += batchResult.path("unchanged").asLong();
        feedbackSent += pending.size();
        return null;
    }

    private ImportLine.Invalid sendCalls() {
        StringBuilder declarations = new StringBuilder();
        StringBuilder fields = new StringBuilder();
        Map<String, Object> variables = new LinkedHashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            ImportLine.Call call = (ImportLine.Call) pending.get(i);
            StringBuilder args = new StringBuilder();
            for (Map.Entry<String, ImportLine.Argument> argument : call.arguments().entrySet()) {
                String variable = "c" + i + "_" + argument.getKey();
                declarations.append(declarations.isEmpty() ? "" : ", ").append('$').append(variable).append(": ")
                        .append(argument.getValue().type());
                args.append(args.isEmpty() ? "" : ", ").append(argument.getKey()).append(": $").append(variable);
                variables.put(variable, argument.getValue().value());
            }
            fields.append(" c").append(i).append(": ").append(call.mutation()).append('(').append(args).append(") ")
                    .append(call.selection());
        }
        JsonNode response = client.graphql("mutation Import(" + declarations + ") {" + fields + " }", variables);
        JsonNode errors = response.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            // The lowest line refused is the one to fix; the aliases after it may have succeeded (no-ops on resume).
            ImportLine.Invalid first = null;
            for (JsonNode error : errors) {
                String alias = error.path("path").path(0).asText(null);
                Matcher m = CALL_ALIAS.matcher(alias != null ? alias : error.path("message").asText());
                ImportLine.Item item = m.find() ? pending.get(Math.min(pending.size() - 1, Integer.parseInt(m.group(1)))) : null;
                String field = error.path("extensions").path("field").asText(null);
                String relative = field == null ? null : field.replaceFirst("^input\\.?", "");
                ImportLine.Invalid candidate = invalid(item, relative, error, "input");
                if (first == null || candidate.line < first.line) {
                    first = candidate;
                }
            }
            return first;
        }
        for (int i = 0; i < pending.size(); i++) {
            JsonNode result = response.path("data").path("c" + i);
            boolean isNew = result.has("created") ? result.path("created").asBoolean() : result.path("added").asLong() > 0;
            if (isNew) {
                created++;
            } else {
                unchanged++;
            }
        }
        callsSent += pending.size();
        return null;
    }

    /** A server refusal as a line error; {@code item} null: the whole request (its first line is named). */
    private ImportLine.Invalid invalid(ImportLine.Item item, String relativeField, JsonNode error, String argument) {
        String message = error.path("message").asText();
        String serverField = error.path("extensions").path("field").asText(null);
        if (serverField != null && message.startsWith(serverField + ": ")) {
            message = message.substring(serverField.length() + 2);
        }
        String code = error.path("extensions").path("code").asText("");
        String reason = (code.isEmpty() ? "" : code + ": ") + message;
        if (item == null) {
            ImportLine.Item firstItem = pending.get(0);
            return new ImportLine.Invalid(firstItem.line(), null, "the request with lines " + firstItem.line() + ".."
                    + pending.get(pending.size() - 1).line() + " was refused: " + reason);
        }
        String field = relativeField == null || relativeField.isEmpty() ? item.within()
                : item.within().isEmpty() ? relativeField : item.within() + "." + relativeField;
        return new ImportLine.Invalid(item.line(), field, reason);
    }

    private long countLines() throws IOException {
        long lines = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            while (reader.readLine() != null) {
                lines++;
            }
        }
        return lines;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The checkpoint file: the last line fully acknowledged and the sha256 of the lines up to it. */
    record Checkpoint(String file, long line, String prefixSha256) {

        static Checkpoint read(Path path) throws IOException {
            if (!Files.exists(path)) {
                return null;
            }
            JsonNode node = ApiClient.JSON.readTree(path.toFile());
            return new Checkpoint(node.path("file").asText(), node.path("line").asLong(), node.path("prefixSha256").asText());
        }

        void write(Path path) throws IOException {
            ObjectNode node = ApiClient.JSON.createObjectNode();
            node.put("file", file);
            node.put("line", line);
            node.put("prefixSha256", prefixSha256);
            Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
            Files.writeString(temporary, node.toString() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
