package io.provenant.security;

import static io.provenant.StoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.provenant.Api;
import io.provenant.GraphQL;
import io.provenant.ProvenantTestServers;
import io.provenant.StoryFixture;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Roles × operations × scope, every cell asserted. Columns: each role with a token scoped to every project, to the
 * story's project ("assistant": own) and to another project ("other": foreign), plus no token at all. Rows: every
 * root field of the served schema (a field missing from {@link #SPEC} fails the test). A denied cell is FORBIDDEN
 * (UNAUTHENTICATED with HTTP 401 without a token) with no data for the field; an allowed cell reached the operation: it answered,
 * or refused the deliberately incomplete input with a business error (INVALID_INPUT, NOT_FOUND, CONFLICT).
 */
@QuarkusTest
@WithTestResource(value = ProvenantTestServers.class, scope = TestResourceScope.GLOBAL)
class AccessMatrixTest {

    /** The role each root field needs (the spec, written out independently of Operations). */
    enum Needs {
        READER, REGISTRAR, AUDITOR, ADMIN
    }

    /** How an operation meets projects. */
    enum Reach {
        /** Names the story's project or its artifacts: a foreign-scoped token is refused. */
        PROJECT,
        /** Covers every project: needs a token scoped to every project. */
        GLOBAL,
        /** Names no project (e.g. me): scope does not matter; foreign rows in the answer are placeholders. */
        NONE
    }

    record Row(Needs needs, Reach reach, Function<String, Map<String, Object>> variables) {
    }

    static final String[] ROLES = { "READER", "REGISTRAR", "AUDITOR", "APPROVER", "ADMIN" };
    static final String[] SCOPES = { "all", "own", "foreign" };

    static final Map<String, Row> SPEC = new LinkedHashMap<>();

    static Row row(Needs needs, Reach reach, Function<String, Map<String, Object>> variables) {
        return new Row(needs, reach, variables);
    }

    static Map<String, Object> minimal(String cell, String kind) {
        return m("input", m("key", "matrix-" + cell, "version", "1", "project", PROJECT));
    }

    static {
        SPEC.put("artifact", row(Needs.READER, Reach.PROJECT, c -> m("ref", RELEASE)));
        SPEC.put("artifacts", row(Needs.READER, Reach.PROJECT, c -> m("kind", "RELEASE", "project", PROJECT)));
        SPEC.put("versions", row(Needs.READER, Reach.NONE, c -> m("kind", "POLICY", "key", "harmlessness")));
        SPEC.put("lineage", row(Needs.READER, Reach.PROJECT, c -> m("ref", RELEASE, "maxDepth", 2)));
        SPEC.put("provDocument", row(Needs.READER, Reach.PROJECT, c -> m("ref", RELEASE, "maxDepth", 2)));
        SPEC.put("releaseProvenance", row(Needs.READER, Reach.PROJECT, c -> m("release", RELEASE)));
        SPEC.put("impact", row(Needs.READER, Reach.PROJECT, c -> m("ref", RUBRIC_V1)));
        SPEC.put("contamination", row(Needs.READER, Reach.PROJECT, c -> m("checkpoint", FINAL)));
        SPEC.put("lineageDiff", row(Needs.READER, Reach.PROJECT, c -> m("from", RELEASE, "to", SFT)));
        SPEC.put("datasetSelection", row(Needs.READER, Reach.PROJECT, c -> m("dataset", TRAIN)));
        SPEC.put("conflicts", row(Needs.READER, Reach.PROJECT, c -> m("project", PROJECT)));
        SPEC.put("reviewQueue", row(Needs.READER, Reach.PROJECT, c -> m("queue", "safety", "project", PROJECT)));
        SPEC.put("escalations", row(Needs.READER, Reach.PROJECT, c -> m("project", PROJECT)));
        SPEC.put("calibrationScores", row(Needs.READER, Reach.PROJECT, c -> m("calibration", CALIBRATION_V1)));
        SPEC.put("rubricDrift", row(Needs.READER, Reach.PROJECT, c -> m("dataset", TRAIN)));
        SPEC.put("gateReport", row(Needs.READER, Reach.PROJECT, c -> m("gate", GATE)));
        SPEC.put("regressionCheck", row(Needs.READER, Reach.PROJECT, c -> m("evalRun", EVAL_RUN)));
        SPEC.put("consentRevocation", row(Needs.READER, Reach.NONE, c -> m("subject", REVOKED_SUBJECT)));
        SPEC.put("consentRevocations", row(Needs.READER, Reach.PROJECT, c -> m("project", PROJECT)));
        SPEC.put("me", row(Needs.READER, Reach.NONE, c -> m()));
        SPEC.put("auditLog", row(Needs.AUDITOR, Reach.PROJECT, c -> m("project", PROJECT, "first", 2)));
        SPEC.put("auditProof", row(Needs.AUDITOR, Reach.GLOBAL, c -> m("position", 1)));
        SPEC.put("verifyAudit", row(Needs.AUDITOR, Reach.GLOBAL, c -> m()));
        SPEC.put("graphDigest", row(Needs.AUDITOR, Reach.GLOBAL, c -> m()));
        SPEC.put("tokens", row(Needs.ADMIN, Reach.NONE, c -> m()));
        // Writes: a real registration where it is cheap, else an incomplete input (allowed: INVALID_INPUT, nothing written).
        SPEC.put("registerPolicy", row(Needs.REGISTRAR, Reach.PROJECT, c -> m("input", m("key", "matrix-" + c, "version", "1",
                "project", PROJECT, "title", "Matrix " + c, "text", "A policy registered by the access matrix."))));
        for (String kind : List.of("Rubric", "Reviewer", "Triage", "Escalation", "Calibration", "Adjudication", "Dataset",
                "TrainingRun", "Checkpoint", "EvalRun", "GatePolicy", "Release")) {
            SPEC.put("register" + kind, row(Needs.REGISTRAR, Reach.PROJECT, c -> minimal(c, kind)));
        }
        SPEC.put("recordFeedback", row(Needs.REGISTRAR, Reach.PROJECT, c -> m("events", List.of(
                m("key", "matrix-" + c, "version", "1", "project", PROJECT)))));
        SPEC.put("addDatasetMembers", row(Needs.REGISTRAR, Reach.PROJECT, c -> m("dataset", TRAIN, "members", List.of(FEEDBACK_V2.get(0)))));
        SPEC.put("sealDataset", row(Needs.REGISTRAR, Reach.PROJECT, c -> m("dataset", TRAIN)));
        SPEC.put("evaluateGate", row(Needs.REGISTRAR, Reach.PROJECT, c -> minimal(c, "Gate")));
        SPEC.put("revokeConsent", row(Needs.REGISTRAR, Reach.PROJECT, c -> m("input", m("subject", "matrix-subject-" + c,
                "project", PROJECT, "reason", "access matrix"))));
        SPEC.put("rebuildGraph", row(Needs.ADMIN, Reach.GLOBAL, c -> m()));
        SPEC.put("createToken", row(Needs.ADMIN, Reach.PROJECT, c -> m("input", m("subject", "matrix-" + c, "roles", List.of("READER"),
                "projects", List.of(PROJECT)))));
        SPEC.put("revokeToken", row(Needs.ADMIN, Reach.PROJECT, c -> m("id", victim(c))));
    }

    /** Tokens for revokeToken cells: one assistant-scoped token per cell, created by the bootstrap admin. */
    static final Map<String, String> VICTIMS = new HashMap<>();

    static String victim(String cell) {
        return VICTIMS.computeIfAbsent(cell, c -> {
            JsonPath created = GraphQL.ok("createToken", m("input", m("subject", "victim-" + c, "roles", List.of("READER"),
                    "projects", List.of(PROJECT))));
            return created.getString("data.createToken.info.id");
        });
    }

    static final Map<String, String> TOKENS = new HashMap<>();

    @BeforeEach
    void story() {
        StoryFixture.ensureBuilt();
        synchronized (TOKENS) {
            if (TOKENS.isEmpty()) {
                for (String role : ROLES) {
                    TOKENS.put(role + "/all", Api.token("matrix-" + role.toLowerCase() + "-all", List.of(role), null));
                    TOKENS.put(role + "/own", Api.token("matrix-" + role.toLowerCase() + "-own", List.of(role), List.of(PROJECT)));
                    TOKENS.put(role + "/foreign", Api.token("matrix-" + role.toLowerCase() + "-foreign", List.of(role), List.of("other")));
                }
            }
        }
    }

    static boolean includes(String role, Needs needs) {
        return switch (needs) {
            case READER -> true;
            case REGISTRAR -> role.equals("REGISTRAR") || role.equals("ADMIN");
            case AUDITOR -> role.equals("AUDITOR") || role.equals("ADMIN");
            case ADMIN -> role.equals("ADMIN");
        };
    }

    static boolean allowed(Row row, String role, String scope) {
        if (!includes(role, row.needs())) {
            return false;
        }
        return switch (row.reach()) {
            case GLOBAL -> scope.equals("all");
            case PROJECT -> !scope.equals("foreign");
            case NONE -> true;
        };
    }

    @Test
    void everyCell() {
        List<String> served = servedRootFields();
        assertEquals(new TreeSet<>(served), new TreeSet<>(SPEC.keySet()), "every served root field has a row, and only those");
        List<String> failures = new ArrayList<>();
        int cells = 0;
        long journalBefore = journalSize();
        for (Map.Entry<String, Row> op : SPEC.entrySet()) {
            String name = op.getKey();
            Row row = op.getValue();
            // No token: 401 and UNAUTHENTICATED, whatever the operation.
            Response anonymous = Api.as(null).contentType(ContentType.JSON)
                    .body(Map.of("query", GraphQL.operation(name), "variables", row.variables().apply("anonymous")))
                    .post("/graphql");
            cells++;
            JsonPath a = anonymous.jsonPath();
            if (anonymous.statusCode() != 401 || !"UNAUTHENTICATED".equals(a.getString("errors[0].extensions.code")) || a.get("data") != null) {
                failures.add(name + " without token: " + anonymous.statusCode() + " " + anonymous.asString());
            }
            for (String role : ROLES) {
                for (String scope : SCOPES) {
                    String cell = role.toLowerCase() + "-" + scope;
                    if (name.equals("rebuildGraph") && !(role.equals("ADMIN") && scope.equals("all"))) {
                        cell = cell + "-probe";
                    }
                    JsonPath answer = GraphQL.runAs(TOKENS.get(role + "/" + scope), name, row.variables().apply(cell));
                    cells++;
                    String code = answer.getString("errors[0].extensions.code");
                    boolean expected = allowed(row, role, scope);
                    if (expected) {
                        boolean reached = code == null ? answer.get("data." + name) != null
                                : List.of("INVALID_INPUT", "NOT_FOUND", "CONFLICT").contains(code);
                        if (!reached) {
                            failures.add(name + " as " + role + "/" + scope + " should be allowed: " + answer.prettify());
                        }
                    } else if (!"FORBIDDEN".equals(code) || (answer.get("data") != null && answer.get("data." + name) != null)) {
                        failures.add(name + " as " + role + "/" + scope + " should be FORBIDDEN: " + answer.prettify());
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cells + " cells wrong:\n" + String.join("\n", failures));
        assertEquals(SPEC.size() * (1 + ROLES.length * SCOPES.length), cells);
        System.out.println("Access matrix: " + cells + " cells (" + SPEC.size() + " operations x " + (1 + ROLES.length * SCOPES.length)
                + " columns); journal grew by " + (journalSize() - journalBefore) + " entries (allowed real writes only).");
    }

    @Test
    void deniedWritesWriteNothing() {
        long before = journalSize();
        for (String scope : SCOPES) {
            JsonPath reader = GraphQL.runAs(TOKENS.get("READER/" + scope), "registerPolicy",
                    SPEC.get("registerPolicy").variables().apply("denied-reader-" + scope));
            assertEquals("FORBIDDEN", reader.getString("errors[0].extensions.code"));
        }
        JsonPath foreign = GraphQL.runAs(TOKENS.get("REGISTRAR/foreign"), "registerPolicy",
                SPEC.get("registerPolicy").variables().apply("denied-foreign"));
        assertEquals("FORBIDDEN", foreign.getString("errors[0].extensions.code"));
        assertEquals("input.project", foreign.getString("errors[0].extensions.field"));
        assertEquals(before, journalSize());
    }

    static long journalSize() {
        return GraphQL.ok("verifyAudit", Map.of()).getLong("data.verifyAudit.size");
    }

    static List<String> servedRootFields() {
        List<String> fields = new ArrayList<>();
        for (String type : List.of("Query", "Mutation")) {
            JsonPath schema = GraphQL.runText("{ __type(name: \"" + type + "\") { fields { name } } }", Map.of());
            assertNotNull(schema.get("data.__type"), schema.prettify());
            fields.addAll(schema.getList("data.__type.fields.name"));
        }
        return fields;
    }
}
