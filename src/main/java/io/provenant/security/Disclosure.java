package io.provenant.security;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Ignore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.agroal.api.AgroalDataSource;
import io.provenant.api.StoreFailures;
import io.provenant.artifact.Kind;

/**
 * What a caller may see of an answer, applied to every answer in one place ({@link Guard}):
 * <ul>
 * <li>a record of a project the token cannot read (an artifact, a lineage node, a journal entry, a conflict...)
 * becomes a placeholder: its kind, {@code restricted = true}, a
 * stable opaque ref ({@code restricted:~r-…}, so a graph stays drawable), and no key, version or content; every
 * other mention of its ref becomes that placeholder ref;</li>
 * <li>without PII access, {@link PersonalData} components and reviewer identities become stable keyed pseudonyms
 * ({@code ~p-…} for people, {@code ~t-…} for text; a reviewer ref {@code reviewer:alice@1} reads
 * {@code reviewer:~p-…@1}).</li>
 * </ul>
 * Answers are immutable records; a disclosed answer is a rebuilt copy, and the original of every rebuilt record is
 * remembered for the request so that nested resolvers ({@code @Source}) still work on the real values.
 */
@ApplicationScoped
public class Disclosure {

    /** A ref anywhere in a string: kind:key@version (keys and versions as ArtifactRef allows, plus pseudonyms). */
    private static final Pattern EMBEDDED_REF = Pattern.compile("\\b([a-z][a-z-]*):([A-Za-z0-9._/~-]{1,200})@([A-Za-z0-9._+-]{1,64})");
    private static final String RESTRICTED = "restricted";
    static final String PERSON = "~p-";
    static final String TEXT = "~t-";
    static final String PLACEHOLDER = "restricted:~r-";
    /** The journal's ref of a consent revocation names the subject. */
    private static final String CONSENT_SUBJECT = "consent-subject:";
    private static final Pattern EMBEDDED_SUBJECT = Pattern.compile("consent-subject:([^\\s;,)]+)");

    /** Payload fields holding personal text. People inside payloads are refs (reviewers) or consent subjects. */
    /** Graph display properties that name a person. */
    private static final Set<String> PERSONAL_ATTRIBUTES = Set.of("consentSubject", "registeredBy", "actor");
    private static final Set<String> PAYLOAD_TEXT = Set.of("prompt", "response", "alternativeResponse", "comment");
    /** An object with "subject" and one of these is a consent (or a revocation): its subject is a person. */
    private static final Set<String> CONSENT_FIELDS = Set.of("basis", "source", "reason");

    private final Map<Class<?>, Shape> shapes = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    Tokens.Pepper pepper;

    @Inject
    AgroalDataSource dataSource;

    /** Whether {@code principal} sees answers unchanged (every project, personal data in clear). */
    public static boolean seesAll(Principal principal) {
        return principal.allProjects() && principal.pii();
    }

    /** The answer as {@code principal} may see it; {@code originals} receives rebuilt → original records. */
    public Object apply(Object answer, Principal principal, Map<Object, Object> originals) {
        if (answer == null || seesAll(principal)) {
            return answer;
        }
        Map<String, String> projects = Map.of();
        if (!principal.allProjects()) {
            Set<String> refs = new HashSet<>();
            collectRefs(answer, refs, new IdentityHashMap<>());
            projects = projectsOf(refs);
        }
        return new Walk(principal, projects, originals).value(answer, null);
    }

    /** The pseudonym of a person's identity (reviewer key, consent subject, token subject). */
    public String person(String identity) {
        return identity == null || identity.startsWith(PERSON) ? identity : PERSON + pepper.hmacHex("person:" + identity).substring(0, 16);
    }

    /** The pseudonym of a personal text. */
    public String text(String text) {
        return text == null || text.startsWith(TEXT) ? text : TEXT + pepper.hmacHex("text:" + text).substring(0, 16);
    }

    /** The placeholder ref of an artifact the caller cannot read. */
    public String placeholder(String ref) {
        return ref.startsWith(PLACEHOLDER) ? ref : PLACEHOLDER + pepper.hmacHex("ref:" + ref).substring(0, 16);
    }

    /** The projects of the given refs (one query); refs not registered are absent. */
    public Map<String, String> projectsOf(Set<String> refs) {
        if (refs.isEmpty()) {
            return Map.of();
        }
        return StoreFailures.sql(() -> {
            Map<String, String> out = new HashMap<>();
            try (Connection c = dataSource.getConnection();
                    PreparedStatement select = c.prepareStatement("SELECT ref, project FROM artifact WHERE ref = ANY (?)")) {
                select.setArray(1, c.createArrayOf("text", refs.toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    private void collectRefs(Object value, Set<String> refs, IdentityHashMap<Object, Boolean> seen) {
        if (value == null) {
            return;
        }
        if (value instanceof String s) {
            if (s.indexOf('@') > 0) {
                Matcher m = EMBEDDED_REF.matcher(s);
                while (m.find()) {
                    refs.add(m.group());
                }
            }
        } else if (value instanceof Iterable<?> items) {
            for (Object item : items) {
                collectRefs(item, refs, seen);
            }
        } else if (value instanceof Record r && seen.put(r, Boolean.TRUE) == null) {
            Shape shape = shape(r.getClass());
            for (int i = 0; i < shape.components.length; i++) {
                if (!shape.ignored[i]) {
                    collectRefs(shape.get(r, i), refs, seen);
                }
            }
        }
    }

    private Shape shape(Class<?> type) {
        return shapes.computeIfAbsent(type, Shape::new);
    }

    /** How a record type is read and rebuilt. */
    private static final class Shape {
        final RecordComponent[] components;
        final boolean[] ignored;
        final PersonalData.What[] personal;
        final Constructor<?> constructor;
        final int ref, kind, project, restricted, key, name, value;
        /** A (name, value) display property. */
        final boolean attribute;

        Shape(Class<?> type) {
            components = type.getRecordComponents();
            ignored = new boolean[components.length];
            personal = new PersonalData.What[components.length];
            Class<?>[] types = new Class<?>[components.length];
            int refAt = -1, kindAt = -1, projectAt = -1, restrictedAt = -1, keyAt = -1, nameAt = -1, valueAt = -1;
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                c.getAccessor().setAccessible(true);
                ignored[i] = c.getAccessor().isAnnotationPresent(Ignore.class) || fieldAnnotated(type, c.getName());
                PersonalData pd = c.getAnnotation(PersonalData.class);
                personal[i] = pd == null ? null : pd.value();
                switch (c.getName()) {
                    case "ref" -> refAt = c.getType() == String.class ? i : -1;
                    case "kind" -> kindAt = c.getType() == Kind.class ? i : -1;
                    case "project" -> projectAt = c.getType() == String.class ? i : -1;
                    case "restricted" -> restrictedAt = c.getType() == boolean.class ? i : -1;
                    case "key" -> keyAt = c.getType() == String.class ? i : -1;
                    case "name" -> nameAt = c.getType() == String.class ? i : -1;
                    case "value" -> valueAt = c.getType() == String.class ? i : -1;
                    default -> {
                    }
                }
            }
            ref = refAt;
            kind = kindAt;
            project = projectAt;
            restricted = restrictedAt;
            key = keyAt;
            name = nameAt;
            value = valueAt;
            attribute = components.length == 2 && nameAt >= 0 && valueAt >= 0;
            try {
                constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("No canonical constructor on " + type, e);
            }
        }

        private static boolean fieldAnnotated(Class<?> type, String name) {
            try {
                return type.getDeclaredField(name).isAnnotationPresent(Ignore.class);
            } catch (NoSuchFieldException e) {
                return false;
            }
        }

        Object get(Record r, int i) {
            try {
                return components[i].getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        Object build(Object[] values) {
            try {
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot rebuild " + constructor.getDeclaringClass(), e);
            }
        }

    }

    /** One answer's disclosure. */
    private final class Walk {
        final Principal principal;
        final Map<String, String> projects;
        final Map<Object, Object> originals;

        Walk(Principal principal, Map<String, String> projects, Map<Object, Object> originals) {
            this.principal = principal;
            this.projects = projects;
            this.originals = originals;
        }

        boolean foreign(String ref) {
            String project = projects.get(ref);
            return project != null && !principal.mayRead(project);
        }

        Object value(Object value, PersonalData.What personal) {
            if (value == null) {
                return null;
            }
            if (value instanceof String s) {
                return string(s, personal);
            }
            if (value instanceof List<?> list) {
                List<Object> out = new ArrayList<>(list.size());
                for (Object item : list) {
                    out.add(value(item, personal));
                }
                return out;
            }
            if (value instanceof Record r) {
                return record(r);
            }
            return value;
        }

        Object record(Record r) {
            Shape shape = shape(r.getClass());
            Object[] values = new Object[shape.components.length];
            if (shape.project >= 0 && shape.get(r, shape.project) instanceof String project && !principal.mayRead(project)) {
                return placeholderOf(r, shape);
            }
            if (!principal.pii() && shape.attribute && PERSONAL_ATTRIBUTES.contains(shape.get(r, shape.name))) {
                // A display property of a graph node (name, value) that names a person.
                Object[] attribute = new Object[shape.components.length];
                for (int i = 0; i < attribute.length; i++) {
                    attribute[i] = i == shape.value ? person((String) shape.get(r, i)) : shape.get(r, i);
                }
                Object rebuilt = shape.build(attribute);
                originals.put(rebuilt, r);
                return rebuilt;
            }
            boolean reviewer = shape.kind >= 0 && shape.get(r, shape.kind) == Kind.REVIEWER;
            for (int i = 0; i < values.length; i++) {
                Object v = shape.get(r, i);
                if (shape.ignored[i]) {
                    values[i] = v;
                } else if (i == shape.key && reviewer && !principal.pii()) {
                    values[i] = person((String) v);
                } else if (reviewer && !principal.pii() && shape.personal[i] == PersonalData.What.PAYLOAD && v != null) {
                    values[i] = refs(payload((String) v, true));
                } else {
                    values[i] = value(v, shape.personal[i]);
                }
            }
            Object rebuilt = shape.build(values);
            originals.put(rebuilt, originals.getOrDefault(r, r));
            return rebuilt;
        }

        Object placeholderOf(Record r, Shape shape) {
            Object[] values = new Object[shape.components.length];
            for (int i = 0; i < values.length; i++) {
                Object v = shape.get(r, i);
                Class<?> type = shape.components[i].getType();
                if (i == shape.ref) {
                    values[i] = placeholder((String) v);
                } else if (i == shape.restricted) {
                    values[i] = true;
                } else if (type == String.class) {
                    values[i] = v == null ? null : RESTRICTED;
                } else if (List.class.isAssignableFrom(type)) {
                    values[i] = v == null ? null : List.of();
                } else if (v instanceof Record) {
                    values[i] = null;
                } else {
                    values[i] = v;
                }
            }
            Object rebuilt = shape.build(values);
            originals.put(rebuilt, r);
            return rebuilt;
        }

        String string(String s, PersonalData.What personal) {
            if (!principal.pii() && personal != null) {
                switch (personal) {
                    case TEXT:
                        return text(s);
                    case IDENTITY:
                        return refLike(s) ? refs(s) : person(s);
                    case PAYLOAD:
                        return refs(payload(s, false));
                }
            }
            return refs(s);
        }

        boolean refLike(String s) {
            Matcher m = EMBEDDED_REF.matcher(s);
            return m.matches();
        }

        /** Every ref inside {@code s}: placeholders for other projects', pseudonyms for reviewers (without PII access). */
        String refs(String s) {
            if (!principal.pii() && s.contains(CONSENT_SUBJECT)) {
                Matcher subject = EMBEDDED_SUBJECT.matcher(s);
                StringBuilder replaced = new StringBuilder();
                while (subject.find()) {
                    subject.appendReplacement(replaced, Matcher.quoteReplacement(CONSENT_SUBJECT + person(subject.group(1))));
                }
                s = subject.appendTail(replaced).toString();
            }
            if (s.indexOf('@') < 0) {
                return s;
            }
            Matcher m = EMBEDDED_REF.matcher(s);
            StringBuilder out = null;
            int last = 0;
            while (m.find()) {
                String ref = m.group();
                String shown = ref;
                if (foreign(ref)) {
                    shown = placeholder(ref);
                } else if (!principal.pii() && "reviewer".equals(m.group(1))) {
                    shown = "reviewer:" + person(m.group(2)) + "@" + m.group(3);
                }
                if (!shown.equals(ref)) {
                    if (out == null) {
                        out = new StringBuilder(s.length() + 16);
                    }
                    out.append(s, last, m.start()).append(shown);
                    last = m.end();
                }
            }
            return out == null ? s : out.append(s, last, s.length()).toString();
        }

        /** A payload with its personal fields pseudonymised; a reviewer's own payload also hides its key. */
        String payload(String payload, boolean reviewerPayload) {
            try {
                JsonNode tree = json.readTree(payload);
                if (reviewerPayload && tree instanceof ObjectNode object && object.path("key").isTextual()) {
                    object.put("key", person(object.path("key").asText()));
                }
                return json.writeValueAsString(redact(tree, null));
            } catch (Exception e) {
                return text(payload);
            }
        }

        JsonNode redact(JsonNode node, String name) {
            if (node instanceof ObjectNode object) {
                ObjectNode out = object.objectNode();
                boolean consent = object.path("subject").isTextual() && CONSENT_FIELDS.stream().anyMatch(object::has);
                object.fields().forEachRemaining(f -> out.set(f.getKey(), consent && f.getKey().equals("subject")
                        ? TextNode.valueOf(person(f.getValue().asText())) : redact(f.getValue(), f.getKey())));
                if (consent && out.path("reason").isTextual()) {
                    out.put("reason", text(out.path("reason").asText()));
                }
                return out;
            }
            if (node instanceof ArrayNode array) {
                ArrayNode out = array.arrayNode();
                array.forEach(item -> out.add(redact(item, name)));
                return out;
            }
            if (node.isTextual() && name != null) {
                String s = node.asText();
                if (PAYLOAD_TEXT.contains(name)) {
                    return TextNode.valueOf(text(s));
                }
            }
            return node;
        }
    }
}
