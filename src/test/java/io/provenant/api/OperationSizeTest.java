package io.provenant.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import graphql.analysis.QueryComplexityCalculator;
import graphql.execution.CoercedVariables;
import graphql.language.Document;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.Validator;

/**
 * OperationSize's complexity: where graphql-java's own calculator (one per field, the default of
 * MaxQueryComplexityInstrumentation) counts the same thing (no fragments, no {@code __typename}) it gives the same
 * number on every valid document of the tests and the bad-input corpus, against the committed schema; fragments count
 * as executed (merged by response name, expanded wherever spread); the walk stops past its budget.
 */
class OperationSizeTest {

    private static GraphQLSchema schema;

    @BeforeAll
    static void schema() throws IOException {
        schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(
                // the committed SDL leaves out the scalars SmallRye adds to graphql-java's own
                new SchemaParser().parse("scalar DateTime scalar BigInteger\n" + Files.readString(Path.of("graph-schema/schema.graphql"))));
    }

    private static long ours(Document document, Map<String, Object> variables) {
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        Map<String, FragmentDefinition> fragments = new java.util.HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        return OperationSize.complexity(operation.getSelectionSet(), fragments, variables, 1_000_000);
    }

    private static int graphqlJava(Document document, Map<String, Object> variables) {
        return QueryComplexityCalculator.newCalculator().fieldComplexityCalculator((env, children) -> children + 1)
                .schema(schema).document(document).variables(CoercedVariables.of(variables)).build().calculate();
    }

    @Test
    void whereGraphqlJavaCountsTheSameItGivesTheSameNumber() throws IOException {
        List<String> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/graphql"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".graphql")).sorted().toList()) {
                documents.add(Files.readString(file));
            }
        }
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/corpus"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode entry = json.readTree(line);
                    if (entry.path("query").isTextual()) {
                        documents.add(entry.path("query").asText());
                    }
                }
            }
        }
        int compared = 0;
        for (String text : documents) {
            Document document;
            try {
                document = Parser.parse(text);
            } catch (RuntimeException e) {
                continue; // the corpus' syntax errors
            }
            List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
            if (operations.size() != 1 || !operations.get(0).getVariableDefinitions().isEmpty() // graphql-java's needs their values
                    || !document.getDefinitionsOfType(FragmentDefinition.class).isEmpty() || text.contains("__typename")
                    || text.contains("...") || !new Validator().validateDocument(schema, document, Locale.ROOT).isEmpty()) {
                continue;
            }
            assertEquals(graphqlJava(document, Map.of()), ours(document, Map.of()), text);
            compared++;
        }
        System.out.println("OperationSizeTest: compared " + compared + " documents");
        assertTrue(compared >= 30, "compared " + compared + " documents");
    }

    @Test
    void skipAndIncludeLeaveFieldsOutAsGraphqlJavaDoes() {
        Document document = Parser.parse("query($on: Boolean!) { artifact(ref: \"policy:p@1\") { ref kind @skip(if: $on) "
                + "version @include(if: $on) project @include(if: false) key @skip(if: true) } }");
        assertTrue(new Validator().validateDocument(schema, document, Locale.ROOT).isEmpty());
        for (boolean on : new boolean[] {true, false}) {
            Map<String, Object> variables = Map.of("on", on);
            assertEquals(graphqlJava(document, variables), ours(document, variables), "on = " + on);
        }
        assertEquals(3, ours(document, Map.of("on", true))); // artifact, ref, version
        assertEquals(3, ours(document, Map.of("on", false))); // artifact, ref, kind
    }

    @Test
    void fragmentsCountAsExecutedMergedByResponseNameAndExpandedWhereverSpread() {
        Document document = Parser.parse("{ a: artifact(ref: \"policy:p@1\") { ...F ...F ref ... on Artifact { ref kind } }"
                + " b: artifact(ref: \"policy:p@2\") { ...F @skip(if: true) __typename } }"
                + " fragment F on Artifact { ref registeredAt dataset { memberCount } }");
        assertTrue(new Validator().validateDocument(schema, document, Locale.ROOT).isEmpty());
        // a: ref, registeredAt, dataset, memberCount, kind (5, merged); b: __typename (1); the two roots
        assertEquals(8, ours(document, Map.of()));
    }

    @Test
    void graphiqlsIntrospectionQueryCountsTheFieldsItExecutes() throws IOException {
        Document document = Parser.parse(Files.readString(Path.of("src/test/resources/graphql/introspection-graphiql.graphql")));
        assertEquals(226, ours(document, Map.of())); // README "Limits"; graphql-java's calculator says 69
        assertEquals(69, graphqlJava(document, Map.of()));
    }

    @Test
    void aFragmentBombStopsCountingPastTheBudget() {
        // F0 spreads F1 under two fields, F1 spreads F2 under two fields ... : 2^31 fields from a tiny document
        StringBuilder text = new StringBuilder("{ artifact(ref: \"policy:p@1\") { dataset { ...F0 } } }");
        for (int i = 0; i < 30; i++) {
            text.append(" fragment F").append(i).append(" on DatasetState { a: dataset { ...F").append(i + 1)
                    .append(" } b: dataset { ...F").append(i + 1).append(" } }");
        }
        text.append(" fragment F30 on DatasetState { memberCount }");
        Document document = Parser.parse(text.toString());
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        Map<String, FragmentDefinition> fragments = new java.util.HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        long complexity = OperationSize.complexity(operation.getSelectionSet(), fragments, Map.of(), 10_000);
        assertTrue(complexity > 10_000 && complexity < 10_100, "complexity " + complexity);
    }
}
