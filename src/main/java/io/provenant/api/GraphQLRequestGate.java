package io.provenant.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import graphql.language.Document;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Checks a GraphQL POST before SmallRye GraphQL sees it, so that a request it would answer without a code (or with an
 * empty body) gets a GraphQL error with a stable {@code extensions.code}:
 * <ul>
 * <li>a body over {@code quarkus.http.limits.max-body-size}: HTTP 413, {@code LIMIT_EXCEEDED} (Quarkus itself answers
 * 413 with an empty body);</li>
 * <li>a body that is not a JSON object with a {@code query} string (and {@code variables} an object): HTTP 400,
 * {@code INVALID_INPUT} (SmallRye answers "Missing operation body" as plain text, or "Unparseable request");</li>
 * <li>a document that does not parse: {@code INVALID_INPUT} with the line and column (SmallRye answers
 * "Unparseable input document" without either), or {@code LIMIT_EXCEEDED} past the parser's token, character or
 * nesting limits;</li>
 * <li>an operation selecting more than {@code provenant.graphql.max-root-fields} root fields: {@code LIMIT_EXCEEDED}.</li>
 * </ul>
 * Everything else passes on unchanged; validation, depth and complexity errors are coded by {@link ErrorCodes}.
 * The body is read here (a Vert.x body handler with the same limit), and SmallRye's own body handler then finds it read.
 */
@ApplicationScoped
public class GraphQLRequestGate {

    static final String BODY_SETTING = "quarkus.http.limits.max-body-size";
    static final String TOKENS_SETTING = "quarkus.smallrye-graphql.parser-max-tokens";
    static final String WHITESPACE_SETTING = "quarkus.smallrye-graphql.parser-max-whitespace-tokens";
    static final String ROOT_FIELDS_SETTING = "provenant.graphql.max-root-fields";

    @Inject
    GraphQLLimits limits;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql")
    String rootPath;

    @ConfigProperty(name = BODY_SETTING, defaultValue = "10240K")
    MemorySize maxBodySize;

    @ConfigProperty(name = TOKENS_SETTING)
    OptionalInt maxTokens;

    @ConfigProperty(name = WHITESPACE_SETTING)
    OptionalInt maxWhitespaceTokens;

    /**
     * Documents (with their operation name) that passed these checks lately, so that a client repeating its
     * operations, as pipelines and dashboards do, is not parsed here on every request: the verdict depends on the text
     * and the settings alone, and SmallRye caches its own parse of them (its QueryCache). Refusals are not kept.
     * Parsing here was 5% of the app's CPU samples per impact call at size M (JFR).
     */
    private final Map<Request, Boolean> passed = Collections.synchronizedMap(new LinkedHashMap<>(PASSED_ENTRIES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Request, Boolean> eldest) {
            return size() > PASSED_ENTRIES;
        }
    });
    private static final int PASSED_ENTRIES = 1_000;
    private static final int PASSED_MAX_LENGTH = 20_000;

    void install(@Observes Router router) {
        String path = "/" + rootPath.replaceFirst("^/+", "");
        long limit = maxBodySize.asLongValue();
        // Ahead of Quarkus' own Content-Length check (order -2), which answers 413 with an empty body.
        router.post(path).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && parseLong(length) > limit) {
                tooLarge(context, limit);
            } else {
                context.next();
            }
        });
        // Right after that check (and authentication), before SmallRye GraphQL's route, which has no explicit order.
        router.post(path).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1)
                .handler(BodyHandler.create(false).setBodyLimit(limit))
                .handler(this::check)
                .failureHandler(context -> {
                    if (context.statusCode() == 413) {
                        tooLarge(context, limit); // a chunked body without Content-Length grew past the limit
                    } else {
                        context.next();
                    }
                });
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void tooLarge(RoutingContext context, long limit) {
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        respond(context, 413, error("The request body is larger than " + limit + " bytes, the most allowed ("
                + BODY_SETTING + "); send fewer items per call (e.g. smaller recordFeedback batches).",
                ErrorCodes.LIMIT_EXCEEDED, BODY_SETTING, null));
    }

    void check(RoutingContext context) {
        Buffer body = context.body().buffer();
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        Request request;
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/graphql")) {
            request = new Request(body == null ? null : body.toString(StandardCharsets.UTF_8), null);
        } else {
            try {
                request = read(body);
            } catch (BadRequest e) {
                respond(context, 400, error(e.getMessage(), ErrorCodes.INVALID_INPUT, null, null));
                return;
            }
        }
        if (request.query() == null || request.query().isBlank()) {
            respond(context, 400, error("The request has no GraphQL document: send a JSON object with a 'query' string.",
                    ErrorCodes.INVALID_INPUT, null, null));
            return;
        }
        // get, not containsKey: a hit counts as a use, so the least recently used go first
        if (passed.get(request) != null) {
            context.next();
            return;
        }
        Document document;
        try {
            document = Parser.parse(ParserEnvironment.newParserEnvironment().document(request.query())
                    .parserOptions(parserOptions()).build());
        } catch (ParseCancelledException e) {
            respond(context, 200, parseLimit(e.getMessage(), e.getLocation()));
            return;
        } catch (InvalidSyntaxException e) {
            String message = e.getMessage() == null ? "Invalid syntax" : e.getMessage().replaceFirst("\\.+$", "");
            respond(context, 200, message.contains("Denial Of Service") ? parseLimit(message, e.getLocation())
                    : error("Syntax error: " + message + ".", ErrorCodes.INVALID_INPUT, null, e.getLocation()));
            return;
        }
        OperationDefinition operation = operation(document, request.operationName());
        if (operation != null) {
            int roots = OperationSize.rootFields(operation.getSelectionSet(), fragments(document));
            if (roots > limits.maxRootFields()) {
                respond(context, 200, error("The operation selects " + roots + " root fields (aliases included); at most "
                        + limits.maxRootFields() + " are allowed (" + ROOT_FIELDS_SETTING + "). Send several requests.",
                        ErrorCodes.LIMIT_EXCEEDED, ROOT_FIELDS_SETTING, operation.getSourceLocation()));
                return;
            }
        }
        if (request.query().length() <= PASSED_MAX_LENGTH) {
            passed.put(request, Boolean.TRUE);
        }
        context.next();
    }

    private ParserOptions parserOptions() {
        return ParserOptions.getDefaultOperationParserOptions().transform(options -> {
            maxTokens.ifPresent(options::maxTokens);
            maxWhitespaceTokens.ifPresent(options::maxWhitespaceTokens);
        });
    }

    /** The parser gave up on a document past one of its limits (its message names which). */
    private Map<String, Object> parseLimit(String parserMessage, SourceLocation location) {
        ParserOptions options = parserOptions();
        String message = parserMessage == null ? "" : parserMessage;
        if (message.contains("characters")) {
            return error("The document is longer than " + options.getMaxCharacters() + " characters, the parser's limit.",
                    ErrorCodes.LIMIT_EXCEEDED, "parser-max-characters", location);
        }
        if (message.contains("deep")) {
            return error("The document nests deeper than " + options.getMaxRuleDepth() + " grammar rules, the parser's limit.",
                    ErrorCodes.LIMIT_EXCEEDED, "parser-max-rule-depth", location);
        }
        if (message.contains("whitespace")) {
            return error("The document has more than " + options.getMaxWhitespaceTokens() + " whitespace tokens, the most allowed ("
                    + WHITESPACE_SETTING + ").", ErrorCodes.LIMIT_EXCEEDED, WHITESPACE_SETTING, location);
        }
        return error("The document has more than " + options.getMaxTokens() + " tokens, the most allowed (" + TOKENS_SETTING
                + "); pass large inputs as variables.", ErrorCodes.LIMIT_EXCEEDED, TOKENS_SETTING, location);
    }

    private record Request(String query, String operationName) {
    }

    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /** query and operationName from a JSON body; variables and extensions are skipped, not built. */
    private Request read(Buffer body) throws BadRequest {
        if (body == null || body.length() == 0) {
            throw new BadRequest("The request body is empty: send a JSON object with a 'query' string.");
        }
        String query = null;
        String operationName = null;
        try (JsonParser parser = json.getFactory().createParser(body.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest("The request body must be a JSON object with a 'query' string.");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "query" -> query = string(parser, value, "query");
                    case "operationName" -> operationName = string(parser, value, "operationName");
                    case "variables", "extensions" -> {
                        if (value != JsonToken.START_OBJECT && value != JsonToken.VALUE_NULL) {
                            throw new BadRequest("'" + name + "' must be a JSON object.");
                        }
                        parser.skipChildren();
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new BadRequest("The request body has content after its JSON object.");
            }
        } catch (JsonProcessingException e) {
            throw new BadRequest("The request body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ").");
        } catch (IOException e) {
            throw new BadRequest("The request body could not be read.");
        }
        return new Request(query, operationName);
    }

    private static String string(JsonParser parser, JsonToken value, String name) throws IOException, BadRequest {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new BadRequest("'" + name + "' must be a string.");
        }
        return parser.getText();
    }

    /** The operation that will run, or null when that is ambiguous (graphql-java then reports it). */
    private static OperationDefinition operation(Document document, String name) {
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (name != null) {
            return operations.stream().filter(o -> name.equals(o.getName())).findFirst().orElse(null);
        }
        return operations.size() == 1 ? operations.get(0) : null;
    }

    private static Map<String, FragmentDefinition> fragments(Document document) {
        Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
        for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
            fragments.putIfAbsent(fragment.getName(), fragment);
        }
        return fragments;
    }

    private static Map<String, Object> error(String message, String code, String limit, SourceLocation location) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code);
        if (limit != null) {
            extensions.put("limit", limit);
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", DisplayText.of(message));
        if (location != null && location.getLine() > 0) {
            error.put("locations", List.of(Map.of("line", location.getLine(), "column", location.getColumn())));
        }
        error.put("extensions", extensions);
        List<Object> errors = new ArrayList<>();
        errors.add(error);
        return Map.of("errors", errors);
    }

    private void respond(RoutingContext context, int status, Map<String, Object> body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            text = "{\"errors\":[{\"message\":\"The request was refused.\",\"extensions\":{\"code\":\"INVALID_INPUT\"}}]}";
        }
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=UTF-8")
                .end(text);
    }
}
