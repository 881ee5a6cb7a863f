package io.provenant.api;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import io.quarkus.arc.Unremovable;

/**
 * The query complexity limit ({@value ErrorCodes#COMPLEXITY_SETTING}): the number of fields an operation executes,
 * counted on the document ({@link OperationSize}) instead of by graphql-java's MaxQueryComplexityInstrumentation,
 * which hashes every field's coerced arguments. When SmallRye GraphQL builds its engine ({@link EngineHooks}), this
 * swaps graphql-java's instrumentation for one with the same limit and the same message (so {@link ErrorCodes} codes
 * it alike), on every transport (HTTP and WebSocket).
 *
 * <p>SmallRye offers no way to read the instrumentation it has set on the builder, so it is read from the builder's
 * field; should a graphql-java upgrade rename that field, graphql-java's own instrumentation stays in place (the limit
 * holds, only slower) and a warning says so.
 */
@ApplicationScoped
@Unremovable // looked up by EngineHooks
public class ComplexityLimit {

    private static final Logger LOG = Logger.getLogger(ComplexityLimit.class);

    @ConfigProperty(name = ErrorCodes.COMPLEXITY_SETTING)
    OptionalInt maxComplexity;

    private volatile boolean active;

    /** Whether the engine checks complexity with {@link Check} (false: graphql-java's check, or no limit). */
    public boolean active() {
        return active;
    }

    void install(GraphQL.Builder builder) {
        if (maxComplexity.isEmpty()) {
            return;
        }
        try {
            Field field = GraphQL.Builder.class.getDeclaredField("instrumentation");
            field.setAccessible(true);
            if (!(field.get(builder) instanceof ChainedInstrumentation chained)) {
                throw new IllegalStateException("SmallRye GraphQL set no chain of instrumentations");
            }
            List<Instrumentation> instrumentations = new ArrayList<>();
            boolean replaced = false;
            for (Instrumentation instrumentation : chained.getInstrumentations()) {
                if (instrumentation instanceof MaxQueryComplexityInstrumentation) {
                    instrumentations.add(new Check(maxComplexity.getAsInt()));
                    replaced = true;
                } else {
                    instrumentations.add(instrumentation);
                }
            }
            if (replaced) {
                builder.instrumentation(new ChainedInstrumentation(instrumentations));
                active = true;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("Kept graphql-java's query complexity check (slower on large arguments): %s", e.toString());
        }
    }

    /** The check itself, before the operation runs; its message is graphql-java's. */
    static final class Check extends SimplePerformantInstrumentation {
        private final int max;

        Check(int max) {
            this.max = max;
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                InstrumentationState state) {
            ExecutionContext context = parameters.getExecutionContext();
            // counted exactly up to ten times the limit, which bounds the walk; a message past that says 10 x max + 1
            long complexity = OperationSize.complexity(context.getOperationDefinition().getSelectionSet(),
                    context.getFragmentsByName(), context.getCoercedVariables().toMap(), 10L * max);
            if (complexity > max) {
                throw new AbortExecutionException("maximum query complexity exceeded " + complexity + " > " + max);
            }
            return super.beginExecuteOperation(parameters, state);
        }
    }
}
