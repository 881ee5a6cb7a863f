package io.provenant;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.neo4j.driver.Value;
import org.neo4j.driver.summary.Plan;
import org.neo4j.driver.summary.ProfiledPlan;

/**
 * For tests that EXPLAIN or PROFILE the app's Cypher statements: a statement's text, its plan's operators, and the rows
 * they produced.
 */
public final class Plans {

    private Plans() {
    }

    /** The text of a statement under src/main/resources/io/provenant/, e.g. {@code lineage/contamination-paths.cypher}. */
    public static String statement(String name) {
        try (InputStream in = Plans.class.getResourceAsStream("/io/provenant/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No statement " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every operator of {@code plan}, depth first, as its type without the planner's {@code @neo4j} suffix, then a space
     * and its details when it has any: {@code "NodeIndexSeek t:Feedback(promptDigest) WHERE promptDigest = digest"}.
     */
    public static List<String> operators(Plan plan) {
        List<String> operators = new ArrayList<>();
        describe(plan, operators);
        return operators;
    }

    private static void describe(Plan plan, List<String> operators) {
        String type = plan.operatorType().replace("@neo4j", "");
        Value details = plan.arguments().get("Details");
        operators.add(details == null || details.isNull() ? type : type + " " + details.asString());
        plan.children().forEach(child -> describe(child, operators));
    }

    /** The rows of every operator of {@code plan} (depth first) that {@code operator} accepts. */
    public static List<Long> rows(ProfiledPlan plan, Predicate<ProfiledPlan> operator) {
        List<Long> rows = new ArrayList<>();
        collect(plan, operator, rows);
        return rows;
    }

    private static void collect(ProfiledPlan plan, Predicate<ProfiledPlan> operator, List<Long> rows) {
        if (operator.test(plan)) {
            rows.add(plan.records());
        }
        plan.children().forEach(child -> collect(child, operator, rows));
    }
}
