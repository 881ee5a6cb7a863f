package io.provenant.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableReference;

/**
 * How much an operation selects, measured on its document alone (argument values are never looked at).
 *
 * <p>graphql-java's MaxQueryComplexityInstrumentation measures while walking the operation with every field's
 * arguments coerced, keeping per-field results in a map keyed by them: a recordFeedback batch of 5,000 events was
 * hashed whole for each selected field, 6–10% of the app's CPU during the bench's ingest. It also counts a fragment
 * once wherever it is spread (GraphiQL's introspection query, 226 fields executed, counts 69 there) and leaves
 * {@code __typename} out; here each executed field counts.
 */
final class OperationSize {

    private OperationSize() {
    }

    /**
     * Root fields of a selection set, aliases included and introspection ({@code __…}) not, through fragments (each
     * fragment spread once on a path: cycles are invalid).
     */
    static int rootFields(SelectionSet selections, Map<String, FragmentDefinition> fragments) {
        return rootFields(selections, fragments, new HashSet<>());
    }

    private static int rootFields(SelectionSet selections, Map<String, FragmentDefinition> fragments, Set<String> entered) {
        if (selections == null) {
            return 0;
        }
        int count = 0;
        for (Selection<?> selection : selections.getSelections()) {
            if (selection instanceof Field field) {
                count += field.getName().startsWith("__") ? 0 : 1;
            } else if (selection instanceof InlineFragment inline) {
                count += rootFields(inline.getSelectionSet(), fragments, entered);
            } else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())
                    && entered.add(spread.getName())) {
                count += rootFields(fragments.get(spread.getName()).getSelectionSet(), fragments, entered);
                entered.remove(spread.getName());
            }
        }
        return count;
    }

    /**
     * The operation's complexity: one per field it executes, counted as GraphQL executes a selection set: the fields of
     * its fragments (type conditions not looked at, so this is an upper bound) collected with its own, fields of the
     * same response name merged into one (their selections together), each fragment collected once per selection set.
     * The count stops past {@code budget}: fragments nested in fragments can make a small document select very many
     * fields, and the walk must stay short.
     */
    static long complexity(SelectionSet selections, Map<String, FragmentDefinition> fragments, Map<String, Object> variables,
            long budget) {
        Walk walk = new Walk(fragments, variables, budget);
        walk.count(List.of(selections));
        return walk.counted;
    }

    private static final class Walk {
        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Object> variables;
        private final long budget;
        private long counted;

        Walk(Map<String, FragmentDefinition> fragments, Map<String, Object> variables, long budget) {
            this.fragments = fragments;
            this.variables = variables;
            this.budget = budget;
        }

        /** Counts the fields of the merged selection sets (the selections of equally named fields, or the operation's). */
        void count(List<SelectionSet> selectionSets) {
            Map<String, List<SelectionSet>> fields = new LinkedHashMap<>();
            Set<String> collected = new HashSet<>();
            for (SelectionSet selections : selectionSets) {
                collect(selections, fields, collected);
            }
            for (List<SelectionSet> below : fields.values()) {
                if (counted > budget) {
                    return;
                }
                counted++;
                if (!below.isEmpty()) {
                    count(below);
                }
            }
        }

        /** GraphQL's CollectFields: response name to the selection sets below it. */
        private void collect(SelectionSet selections, Map<String, List<SelectionSet>> fields, Set<String> collected) {
            if (selections == null) {
                return;
            }
            for (Selection<?> selection : selections.getSelections()) {
                if (selection instanceof Field field) {
                    if (included(field.getDirectives())) {
                        List<SelectionSet> below = fields.computeIfAbsent(field.getResultKey(), k -> new ArrayList<>());
                        if (field.getSelectionSet() != null) {
                            below.add(field.getSelectionSet());
                        }
                    }
                } else if (selection instanceof InlineFragment inline) {
                    if (included(inline.getDirectives())) {
                        collect(inline.getSelectionSet(), fields, collected);
                    }
                } else if (selection instanceof FragmentSpread spread && included(spread.getDirectives())
                        && fragments.containsKey(spread.getName()) && collected.add(spread.getName())) {
                    collect(fragments.get(spread.getName()).getSelectionSet(), fields, collected);
                }
            }
        }

        /** {@code @skip(if:)} and {@code @include(if:)}, with a literal or a variable. */
        private boolean included(List<Directive> directives) {
            for (Directive directive : directives) {
                if (directive.getName().equals("skip") && condition(directive)) {
                    return false;
                }
                if (directive.getName().equals("include") && !condition(directive)) {
                    return false;
                }
            }
            return true;
        }

        private boolean condition(Directive directive) {
            Value<?> value = directive.getArgument("if") == null ? null : directive.getArgument("if").getValue();
            if (value instanceof BooleanValue literal) {
                return literal.isValue();
            }
            if (value instanceof VariableReference variable) {
                return Boolean.TRUE.equals(variables.get(variable.getName()));
            }
            return false;
        }
    }
}
