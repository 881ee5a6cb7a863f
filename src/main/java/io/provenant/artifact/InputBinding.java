package io.provenant.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.provenant.api.ProvenantError;
import io.quarkus.arc.Arc;
import io.smallrye.graphql.spi.EventingService;

/**
 * Binds the registration inputs (every kind's input type, {@link RegistrationPayloads#inputTypes()}) from GraphQL
 * arguments with Jackson, the library that writes them into the journal and reads them back, instead of SmallRye's
 * default JSON-B (Yasson). SmallRye turns each input object graphql-java has coerced into JSON text and that text
 * into the input type, once per object: a recordFeedback call of 5,000 events did it 5,000 times, and Yasson's
 * (with its JSON-P parser) was 15% of the app's CPU samples during the benchmark's ingest (JFR, size M). This is
 * SmallRye's documented way to replace that binding per input type: {@link EventingService#overrideJsonbConfig}
 * (registered in META-INF/services).
 *
 * <p>Values are kept as sent: a date-time keeps its offset (Jackson's default would move it to UTC, changing the
 * payload and so the digest of what a client sent before); RegistrationTest pins a payload journaled through
 * Yasson's binding, byte for byte.
 */
public class InputBinding implements EventingService {

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public Map<String, Jsonb> overrideJsonbConfig() {
        Jsonb binding = new JacksonJsonb();
        Map<String, Jsonb> overrides = new HashMap<>();
        for (Class<? extends RegistrationInput> type : RegistrationPayloads.inputTypes()) {
            overrides.put(type.getName(), binding);
        }
        return overrides;
    }

    /**
     * The two calls SmallRye makes ({@code toJson(map)}, {@code fromJson(text, type)}) and the rest of {@link Jsonb},
     * through the application's ObjectMapper (taken when first used: SmallRye asks for the binding before the beans
     * are needed) with date-times left in the offset they were sent with. Failures are {@link JsonbException}s, as
     * SmallRye expects of a binding.
     */
    static final class JacksonJsonb implements Jsonb {

        private volatile ObjectMapper mapper;

        private ObjectMapper mapper() {
            ObjectMapper m = mapper;
            if (m == null) {
                m = Arc.container().instance(ObjectMapper.class).get().copy()
                        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
                mapper = m;
            }
            return m;
        }

        private interface Io<T> {
            T run() throws IOException;
        }

        private static <T> T bind(Io<T> io) {
            try {
                return io.run();
            } catch (IOException e) {
                throw new JsonbException(e.getMessage(), e);
            }
        }

        /**
         * An input object from the text SmallRye made of it. A value graphql-java let through but the input type cannot
         * hold (a DateTime without an offset, a Long beyond 64 bits) is refused naming the field within the input
         * and the input's ref: SmallRye does not tell which argument or list element it binds, and its own error for
         * a failed binding names neither the field nor the reason.
         */
        private <T> T read(String text, Type type) {
            try {
                return mapper().readValue(text, mapper().constructType(type));
            } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                String field = Checks.field(e);
                if (field.isEmpty()) {
                    throw new JsonbException(e.getMessage(), e);
                }
                throw ProvenantError.invalid(field, reason(e) + of(text, type) + ".");
            } catch (IOException e) {
                throw new JsonbException(e.getMessage(), e);
            }
        }

        private static String reason(com.fasterxml.jackson.databind.JsonMappingException e) {
            if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException invalid) {
                Class<?> target = invalid.getTargetType();
                String value = String.valueOf(invalid.getValue());
                if (target == java.time.OffsetDateTime.class) {
                    return "'" + value + "' is not a date-time with an offset (ISO-8601, e.g. 2026-11-03T09:15:30Z)";
                }
                return "'" + value + "' is not a valid " + target.getSimpleName();
            }
            if (e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException) {
                return "is out of range";
            }
            return "cannot be read (" + e.getOriginalMessage() + ")";
        }

        /** " in the input of kind:key@version", when the text names them. */
        private String of(String text, Type type) {
            try {
                var tree = mapper().readTree(text);
                Kind kind = RegistrationPayloads.kindOf(type);
                if (kind != null && tree.path("key").isTextual() && tree.path("version").isTextual()) {
                    return " (in the input of " + kind.id() + ":" + tree.path("key").asText() + "@" + tree.path("version").asText() + ")";
                }
            } catch (IOException ignored) {
                // the text was JSON a moment ago; without the ref the error still names the field
            }
            return "";
        }

        @Override
        public <T> T fromJson(String str, Class<T> type) {
            return read(str, type);
        }

        @Override
        public <T> T fromJson(String str, Type runtimeType) {
            return read(str, runtimeType);
        }

        @Override
        public <T> T fromJson(Reader reader, Class<T> type) {
            return fromJson(reader, (Type) type);
        }

        @Override
        public <T> T fromJson(Reader reader, Type runtimeType) {
            return bind(() -> mapper().readerFor(mapper().constructType(runtimeType)).readValue(reader));
        }

        @Override
        public <T> T fromJson(InputStream stream, Class<T> type) {
            return fromJson(stream, (Type) type);
        }

        @Override
        public <T> T fromJson(InputStream stream, Type runtimeType) {
            return bind(() -> mapper().readerFor(mapper().constructType(runtimeType)).readValue(stream));
        }

        /** Writes by the runtime type when given, else by the object's class. */
        private ObjectWriter writer(Type runtimeType) {
            return runtimeType == null ? mapper().writer() : mapper().writerFor(mapper().constructType(runtimeType));
        }

        @Override
        public String toJson(Object object) {
            return toJson(object, (Type) null);
        }

        @Override
        public String toJson(Object object, Type runtimeType) {
            return bind(() -> writer(runtimeType).writeValueAsString(object));
        }

        @Override
        public void toJson(Object object, Writer writer) {
            toJson(object, null, writer);
        }

        @Override
        public void toJson(Object object, Type runtimeType, Writer writer) {
            bind(() -> {
                writer(runtimeType).writeValue(writer, object);
                return null;
            });
        }

        @Override
        public void toJson(Object object, OutputStream stream) {
            toJson(object, null, stream);
        }

        @Override
        public void toJson(Object object, Type runtimeType, OutputStream stream) {
            bind(() -> {
                writer(runtimeType).writeValue(stream, object);
                return null;
            });
        }

        @Override
        public void close() {
        }
    }
}
