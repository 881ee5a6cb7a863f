package io.provenant;

import static io.provenant.StoryFixture.*;
import static io.provenant.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.provenant.audit.VerifyJournal;
import io.provenant.journal.MerkleTree;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import picocli.CommandLine;

/**
 * Tamper evidence: rows of the journal are altered directly in PostgreSQL (bypassing the append-only triggers
 * as only a database superuser can) in randomized trials, and verifyAudit must name the exact position and
 * the kind of damage; Merkle proofs verify for random positions and sizes and fail for altered data; the
 * export verifies offline.
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class AuditTest {

    static final int TRIALS = 120;
    static final String COLUMNS = "recorded_at, actor, project, operation, ref, payload, payload_digest, prev_hash, entry_hash";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Stores stores;

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
        if (stores.journalSize() < 1_100) { // enough entries for stored Merkle blocks of 256, 512 and 1024
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 1_100; i++) {
                events.add(feedback("feedback:audit-" + i + "@1", "audit prompt " + i, 3.0, ALICE, RUBRIC_V2, POLICY_V2));
            }
            GraphQL.ok("recordFeedback", Map.of("events", events));
        }
    }

    /** Runs statements with the append-only triggers (and foreign keys) off, in one committed transaction. */
    private void asSuperuser(String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement replica = connection.prepareStatement("SET LOCAL session_replication_role = replica")) {
                replica.execute();
                for (String statement : statements) {
                    try (PreparedStatement s = connection.prepareStatement(statement)) {
                        s.execute();
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    /** The rows {@code from..to} as INSERT statements that put them back. */
    private List<String> snapshot(long from, long to) throws SQLException {
        List<String> inserts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT seq, " + COLUMNS + " FROM journal WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
            select.setLong(1, from);
            select.setLong(2, to);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    List<String> values = new ArrayList<>(List.of(Long.toString(rows.getLong(1)),
                            literal(rows.getObject(2).toString()) + "::timestamptz"));
                    for (int c = 3; c <= 10; c++) {
                        values.add(literal(rows.getString(c)));
                    }
                    inserts.add("INSERT INTO journal (seq, " + COLUMNS + ") VALUES (" + String.join(", ", values) + ")");
                }
            }
        }
        return inserts;
    }

    private void restore(long from, long to, List<String> inserts) throws SQLException {
        List<String> statements = new ArrayList<>(List.of("DELETE FROM journal WHERE seq BETWEEN " + from + " AND " + to));
        statements.addAll(inserts);
        asSuperuser(statements.toArray(String[]::new));
    }

    private static JsonPath verify() {
        return GraphQL.ok("verifyAudit", Map.of());
    }

    @Test
    void anUntouchedJournalVerifiesAndItsRootIsTheMerkleRootOfItsEntries() throws SQLException {
        JsonPath result = verify();
        long size = stores.journalSize();
        assertTrue(result.getBoolean("data.verifyAudit.valid"), result.prettify());
        assertEquals(size, result.getLong("data.verifyAudit.size"));
        assertEquals(size, result.getLong("data.verifyAudit.verifiedSize"));
        assertNull(result.get("data.verifyAudit.firstBadPosition"));
        assertEquals(rootOfFirst(size), result.getString("data.verifyAudit.rootHash"));
        assertTrue(stores.sql("SELECT count(*) FROM merkle_node WHERE level = 8") >= 4, "blocks of 256 are stored");
        assertTrue(stores.sql("SELECT count(*) FROM merkle_node WHERE level = 10") >= 1, "and blocks of 1024");
    }

    private String rootOfFirst(long size) throws SQLException {
        MerkleTree.Accumulator tree = new MerkleTree.Accumulator();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT entry_hash FROM journal WHERE seq <= ? ORDER BY seq")) {
            select.setLong(1, size);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tree.add(MerkleTree.leafHash(rows.getString(1)));
                }
            }
        }
        return MerkleTree.hex(tree.root());
    }

    enum Tamper {
        PAYLOAD_BYTE, DELETE_ROW, SWAP_ROWS, TRUNCATE_TAIL, ACTOR
    }

    @Test
    void everyRandomTamperingIsDetectedAtItsExactPosition() throws SQLException {
        Random random = new Random(20261124L);
        long size = stores.journalSize();
        Map<Tamper, Integer> detected = new HashMap<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            Tamper tamper = Tamper.values()[trial % Tamper.values().length];
            long p = 1 + random.nextInt((int) size - 1);
            long q = p + 1 + random.nextInt((int) (size - p));
            long from = p;
            long to = tamper == Tamper.TRUNCATE_TAIL ? size : tamper == Tamper.SWAP_ROWS ? q : p;
            List<String> saved = snapshot(from, to);
            String expectedProblem;
            try {
                switch (tamper) {
                    case PAYLOAD_BYTE -> {
                        // overwrite one character of the payload with another
                        asSuperuser("UPDATE journal SET payload = overlay(payload placing CASE WHEN substr(payload, "
                                + (1 + random.nextInt(20)) + ", 1) = 'x' THEN 'y' ELSE 'x' END from " + (1 + random.nextInt(20))
                                + " for 1) WHERE seq = " + p);
                        expectedProblem = "CHANGED";
                    }
                    case ACTOR -> {
                        asSuperuser("UPDATE journal SET actor = 'mallory' WHERE seq = " + p);
                        expectedProblem = "CHANGED";
                    }
                    case DELETE_ROW -> {
                        asSuperuser("DELETE FROM journal WHERE seq = " + p);
                        expectedProblem = "MISSING";
                    }
                    case TRUNCATE_TAIL -> {
                        asSuperuser("DELETE FROM journal WHERE seq >= " + p);
                        expectedProblem = "MISSING";
                    }
                    case SWAP_ROWS -> {
                        asSuperuser("UPDATE journal j SET (" + COLUMNS + ") = (SELECT " + COLUMNS + " FROM journal o WHERE o.seq = "
                                + "CASE WHEN j.seq = " + p + " THEN " + q + " ELSE " + p + " END) WHERE j.seq IN (" + p + ", " + q + ")");
                        expectedProblem = "REORDERED";
                    }
                    default -> throw new IllegalStateException();
                }
                JsonPath result = verify();
                String where = "trial " + trial + " " + tamper + " at " + p + (tamper == Tamper.SWAP_ROWS ? "<->" + q : "") + ": "
                        + result.getString("data.verifyAudit.detail");
                assertFalse(result.getBoolean("data.verifyAudit.valid"), where);
                assertEquals(p, result.getLong("data.verifyAudit.firstBadPosition"), where);
                assertEquals(expectedProblem, result.getString("data.verifyAudit.problem"), where);
                assertEquals(p - 1, result.getLong("data.verifyAudit.verifiedSize"), where);
                detected.merge(tamper, 1, Integer::sum);
            } finally {
                restore(from, to, saved);
            }
        }
        assertEquals(TRIALS, detected.values().stream().mapToInt(Integer::intValue).sum());
        System.out.println("MEASURED: " + TRIALS + " tampering trials on a journal of " + size + " entries, all detected at the"
                + " exact position: " + detected);
        assertTrue(verify().getBoolean("data.verifyAudit.valid"), "every trial was undone");
    }

    @Test
    void anAlteredStoredMerkleNodeIsDetected() throws SQLException {
        String original = stores.sqlText("SELECT hash FROM merkle_node WHERE level = 8 AND idx = 1");
        try {
            asSuperuser("UPDATE merkle_node SET hash = repeat('0', 64) WHERE level = 8 AND idx = 1");
            JsonPath result = verify();
            assertFalse(result.getBoolean("data.verifyAudit.valid"));
            assertEquals("CHANGED", result.getString("data.verifyAudit.problem"));
            assertTrue(result.getString("data.verifyAudit.detail").contains("stored Merkle tree"), result.prettify());
        } finally {
            asSuperuser("UPDATE merkle_node SET hash = '" + original + "' WHERE level = 8 AND idx = 1");
        }
        assertTrue(verify().getBoolean("data.verifyAudit.valid"));
    }

    private static List<byte[]> hashes(List<String> hex) {
        return hex.stream().map(MerkleTree::unhex).toList();
    }

    @Test
    void proofsVerifyForRandomPositionsAndSizesAndFailForAlteredData() throws SQLException {
        Random random = new Random(42);
        long size = stores.journalSize();
        for (int i = 0; i < 40; i++) {
            long treeSize = 1 + random.nextInt((int) size);
            long position = 1 + random.nextInt((int) treeSize);
            long firstSize = 1 + random.nextInt((int) treeSize);
            JsonPath p = GraphQL.ok("auditProof", Map.of("position", position, "treeSize", treeSize, "firstSize", firstSize));
            byte[] root = MerkleTree.unhex(p.getString("data.auditProof.rootHash"));
            assertEquals(rootOfFirst(treeSize), p.getString("data.auditProof.rootHash"), "root of " + treeSize);
            byte[] leaf = MerkleTree.leafHash(p.getString("data.auditProof.entry.entryHash"));
            assertEquals(MerkleTree.hex(leaf), p.getString("data.auditProof.leafHash"));
            assertEquals(position, p.getLong("data.auditProof.entry.position"));
            List<byte[]> inclusion = hashes(p.getList("data.auditProof.inclusion"));
            assertTrue(MerkleTree.verifyInclusion(position - 1, treeSize, leaf, inclusion, root), position + " in " + treeSize);
            // an entry whose hash was altered is not in the tree
            String entryHash = p.getString("data.auditProof.entry.entryHash");
            byte[] alteredLeaf = MerkleTree.leafHash((entryHash.charAt(0) == 'f' ? "0" : "f") + entryHash.substring(1));
            assertFalse(MerkleTree.verifyInclusion(position - 1, treeSize, alteredLeaf, inclusion, root));

            String firstRoot = p.getString("data.auditProof.consistency.firstRootHash");
            assertEquals(rootOfFirst(firstSize), firstRoot);
            List<byte[]> consistency = hashes(p.getList("data.auditProof.consistency.proof"));
            assertTrue(MerkleTree.verifyConsistency(firstSize, treeSize, MerkleTree.unhex(firstRoot), root, consistency),
                    firstSize + " -> " + treeSize);
            if (firstSize < treeSize) {
                byte[] forged = MerkleTree.unhex(firstRoot);
                forged[5] ^= 1;
                assertFalse(MerkleTree.verifyConsistency(firstSize, treeSize, forged, root, consistency), "a root never noted");
            }
        }
    }

    @Test
    void badProofArgumentsAreClearErrors() {
        long size = stores.journalSize();
        JsonPath zero = GraphQL.run("auditProof", Map.of("position", 0));
        assertEquals("INVALID_INPUT", zero.getString("errors[0].extensions.code"));
        assertEquals("position", zero.getString("errors[0].extensions.field"));
        JsonPath beyond = GraphQL.run("auditProof", Map.of("treeSize", size + 1000));
        assertEquals("treeSize", beyond.getString("errors[0].extensions.field"));
        JsonPath first = GraphQL.run("auditProof", Map.of("treeSize", 10, "firstSize", 11));
        assertEquals("firstSize", first.getString("errors[0].extensions.field"));
    }

    @Test
    void theAuditLogPagesByProjectKindAndTimeWithoutGapsOrDuplicates() {
        List<Object> seen = new ArrayList<>();
        String after = null;
        do {
            JsonPath page = GraphQL.ok("auditLog", m("project", PROJECT, "kinds", List.of("RELEASE", "GATE"), "first", 1, "after", after));
            seen.addAll(page.getList("data.auditLog.nodes.ref"));
            after = page.getBoolean("data.auditLog.pageInfo.hasNextPage") ? page.getString("data.auditLog.pageInfo.endCursor") : null;
        } while (after != null);
        List<Object> expected = new ArrayList<>();
        expected.addAll(stores.texts("SELECT ref FROM journal WHERE project = 'assistant' AND (ref LIKE 'release:%' OR ref LIKE 'gate:%')"
                + " ORDER BY seq"));
        assertEquals(expected, seen);
        assertTrue(seen.containsAll(List.of(GATE, RELEASE)));

        String releasedAt = GraphQL.ok("artifact", m("ref", RELEASE)).getString("data.artifact.registeredAt");
        JsonPath window = GraphQL.ok("auditLog", m("from", releasedAt, "to", beforeRevocation(), "first", 10));
        assertEquals(List.of(RELEASE), window.getList("data.auditLog.nodes.ref"));
        assertEquals(List.of("bootstrap-admin"), window.getList("data.auditLog.nodes.actor"));
        JsonPath nobody = GraphQL.ok("auditLog", m("actor", "mallory"));
        assertEquals(List.of(), nobody.getList("data.auditLog.nodes"));
        JsonPath backwards = GraphQL.run("auditLog", m("from", beforeRevocation(), "to", releasedAt));
        assertEquals("to", backwards.getString("errors[0].extensions.field"));
    }

    @Test
    void theExportVerifiesOfflineAndATamperedCopyDoesNot() throws Exception {
        JsonPath verified = verify();
        String root = verified.getString("data.verifyAudit.rootHash");
        long size = verified.getLong("data.verifyAudit.size");
        byte[] body = given().when().get("/audit/journal.jsonl").then().statusCode(200)
                .contentType("application/x-ndjson").extract().asByteArray();
        Path dir = Files.createDirectories(Path.of("target", "audit-test"));
        Path export = dir.resolve("journal.jsonl");
        Files.write(export, body);
        assertEquals(size, Files.readAllLines(export).size());

        Result ok = offline(export.toString(), "--expect-root", root, "--expect-size", Long.toString(size));
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains(size + " entries verify; Merkle root " + root), ok.output());
        Result prefix = offline(export.toString(), "--expect-root", rootOfFirst(100), "--at-size", "100");
        assertEquals(0, prefix.exitCode(), prefix.output());

        List<String> lines = new ArrayList<>(Files.readAllLines(export));
        lines.set(6, lines.get(6).replaceFirst("\"payload\":\"\\{", "\"payload\":\"{ "));
        Path tampered = dir.resolve("tampered.jsonl");
        Files.write(tampered, lines);
        Result bad = offline(tampered.toString());
        assertEquals(1, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("INVALID at position 7: CHANGED"), bad.output());
        Result truncated = offline(export.toString(), "--expect-size", Long.toString(size + 1));
        assertEquals(1, truncated.exitCode());
        Result rewritten = offline(export.toString(), "--expect-root", "00" + root.substring(2));
        assertEquals(1, rewritten.exitCode());

        given().when().get("/audit/journal.jsonl?from=0").then().statusCode(400);
        String partial = given().when().get("/audit/journal.jsonl?from=5&to=6").then().statusCode(200).extract().asString();
        assertEquals(2, partial.lines().count());
        assertTrue(partial.startsWith("{\"seq\":5,"), partial);
    }

    record Result(int exitCode, String output) {
    }

    private static Result offline(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new VerifyJournal()).execute(args);
            return new Result(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
