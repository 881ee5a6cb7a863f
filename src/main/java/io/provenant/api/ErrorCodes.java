package io.provenant.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.execution.error.ErrorInfoMap;
import io.smallrye.graphql.spi.EventingService;

/**
 * Gives every GraphQL error a stable {@code extensions.code}. Business errors ({@link ProvenantError}) already carry
 * theirs; graphql-java's own errors do not: validation errors (unknown fields, wrong or missing arguments, bad
 * variables) become {@code INVALID_INPUT}, the query depth and complexity limits and bad-faith introspection
 * {@code LIMIT_EXCEEDED} with {@code extensions.limit} naming the setting, and an unexpected server failure
 * ("System error") {@code INTERNAL} instead of a code derived from a Java class name. Syntax errors never get here:
 * {@link GraphQLRequestGate} answers them before execution.
 *
 * <p>Runs after execution, as a SmallRye GraphQL {@link EventingService} (META-INF/services), by replacing the
 * execution result's errors before the response is written.
 */
public class ErrorCodes implements EventingService {

    public static final String INVALID_INPUT = "INVALID_INPUT";
    public static final String LIMIT_EXCEEDED = "LIMIT_EXCEEDED";
    public static final String INTERNAL = "INTERNAL";

    static final String DEPTH_SETTING = "quarkus.smallrye-graphql.instrumentation-query-depth";
    static final String COMPLEXITY_SETTING = "quarkus.smallrye-graphql.instrumentation-query-complexity";

    private static final Pattern DEPTH = Pattern.compile("maximum query depth exceeded (\\d+) > (\\d+)");
    private static final Pattern COMPLEXITY = Pattern.compile("maximum query complexity exceeded (\\d+) > (\\d+)");

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public void afterExecute(Context context) {
        if (!(context instanceof SmallRyeContext smallRye)) {
            return;
        }
        ExecutionResult result = smallRye.unwrap(ExecutionResult.class);
        if (result == null || result.getErrors().isEmpty()) {
            return;
        }
        List<GraphQLError> coded = new ArrayList<>(result.getErrors().size());
        boolean changed = false;
        for (GraphQLError error : result.getErrors()) {
            GraphQLError replacement = coded(error);
            changed |= replacement != error;
            coded.add(replacement);
        }
        if (changed) {
            smallRye.setExecutionResult(result.transform(builder -> builder.errors(coded)));
        }
    }

    /** The error itself when it has a code (or SmallRye will give it one from its exception), else a coded copy. */
    static GraphQLError coded(GraphQLError error) {
        if (error instanceof ExceptionWhileDataFetching fetching) {
            Throwable exception = fetching.getException();
            if (exception == null || exception instanceof ProvenantError
                    || ErrorInfoMap.getErrorInfo(exception.getClass().getName()) != null) {
                return error; // a ProvenantError (or another @ErrorCode exception): SmallRye adds code and field
            }
            return copy(error, error.getMessage(), INTERNAL, null);
        }
        if (error.getExtensions() != null && error.getExtensions().get("code") != null) {
            return error;
        }
        String message = readable(error.getMessage() == null ? "" : error.getMessage());
        Matcher depth = DEPTH.matcher(message);
        if (depth.find()) {
            return copy(error, "The query is " + depth.group(1) + " levels deep; at most " + depth.group(2)
                    + " are allowed (" + DEPTH_SETTING + ").", LIMIT_EXCEEDED, DEPTH_SETTING);
        }
        Matcher complexity = COMPLEXITY.matcher(message);
        if (complexity.find()) {
            return copy(error, "The query's complexity is " + complexity.group(1) + " (one per selected field); at most "
                    + complexity.group(2) + " is allowed (" + COMPLEXITY_SETTING + ").", LIMIT_EXCEEDED, COMPLEXITY_SETTING);
        }
        if (message.contains("introspection in good faith")) {
            return copy(error, message, LIMIT_EXCEEDED, "introspection");
        }
        if (error.getErrorType() == ErrorType.ExecutionAborted) {
            return copy(error, message.isEmpty() ? "The request was refused." : message, LIMIT_EXCEEDED, null);
        }
        return copy(error, message.isEmpty() ? "The request is not valid." : message, INVALID_INPUT, null);
    }

    private static final Pattern VALUE_DUMP = Pattern.compile("StringValue\\{value='(.*?)'\\}", Pattern.DOTALL);
    private static final Pattern QUALIFIED_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)");
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("\\b[A-Z]\\w*(?:Exception|Error): ");
    static final int MAX_MESSAGE = 1_000;

    /**
     * A graphql-java or SmallRye validation message without Java internals: argument values that SmallRye dumps as
     * pretty-printed JSON (a whole input object, possibly a whole batch) are cut short, qualified class names become
     * simple names, exception class prefixes go, and the message is at most {@value #MAX_MESSAGE} characters.
     */
    static String readable(String message) {
        Matcher dump = VALUE_DUMP.matcher(message);
        StringBuilder out = new StringBuilder();
        while (dump.find()) {
            String value = dump.group(1).replaceAll("\\s+", " ");
            dump.appendReplacement(out, Matcher.quoteReplacement(value.length() > 80 ? value.substring(0, 80) + "…" : value));
        }
        dump.appendTail(out);
        String text = EXCEPTION_PREFIX.matcher(QUALIFIED_NAME.matcher(out).replaceAll("$1")).replaceAll("");
        return DisplayText.of(text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text);
    }

    private static GraphQLError copy(GraphQLError error, String message, String code, String limit) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (error.getExtensions() != null) {
            extensions.putAll(error.getExtensions());
        }
        extensions.put("code", code);
        if (limit != null) {
            extensions.put("limit", limit);
        }
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError().message("%s", message).errorType(error.getErrorType())
                .extensions(extensions);
        if (error.getLocations() != null) {
            builder.locations(error.getLocations());
        }
        if (error.getPath() != null) {
            builder.path(error.getPath());
        }
        return builder.build();
    }
}
