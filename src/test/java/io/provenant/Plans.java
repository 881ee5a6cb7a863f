package io.provenant;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.neo4j.driver.summary.ProfiledPlan;

/** For tests that PROFILE the app's Cypher statements: a statement's text, and the rows its plan's operators produced. */
final class Plans {

    private Plans() {
    }

    /** The text of a statement under src/main/resources/io/provenant/, e.g. {@code lineage/contamination-paths.cypher}. */
    static String statement(String name) {
        try (InputStream in = Plans.class.getResourceAsStream("/io/provenant/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No statement " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of every operator of {@code plan} (depth first) that {@code operator} accepts. */
    static List<Long> rows(ProfiledPlan plan, Predicate<ProfiledPlan> operator) {
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
