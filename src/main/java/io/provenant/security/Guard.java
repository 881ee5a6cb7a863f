package io.provenant.security;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.provenant.api.ProvenantError;
import io.provenant.artifact.ArtifactRef;
import io.smallrye.mutiny.Multi;

/**
 * The access check of every GraphQL operation ({@link Guarded}): the root field's role ({@link Operations}; an
 * unlisted field is refused), the projects of the artifacts its arguments name, and the disclosure of its answer.
 */
@Guarded
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
public class Guard {

    @Inject
    Caller caller;

    @Inject
    Disclosure disclosure;

    @Inject
    Pseudonyms pseudonyms;

    @Inject
    RequestOriginals originals;

    @AroundInvoke
    Object guard(InvocationContext invocation) throws Exception {
        Method method = invocation.getMethod();
        boolean nested = isNested(method);
        if (!nested && !isRoot(method)) {
            return invocation.proceed(); // a plain Java call into an API bean, not a GraphQL field
        }
        Principal principal = caller.principal();
        if (nested) {
            // A field resolved from its parent (@Source): the parent's root field was checked; work on the real values.
            Object[] parameters = invocation.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] = originals.original(parameters[i]);
            }
            invocation.setParameters(parameters);
        } else {
            String field = rootField(method);
            Role needed = Operations.required(field);
            if (needed == null) {
                throw ProvenantError.forbidden(null, "Operation '" + field + "' is not open to any token.");
            }
            if (!principal.has(needed)) {
                throw ProvenantError.forbidden(null, "Operation '" + field + "' needs role '" + needed.spelling()
                        + "'; your token has " + spelled(principal) + ".");
            }
            if (Operations.GLOBAL.contains(field)) {
                caller.requireAllProjects("Operation '" + field + "'");
            }
            invocation.setParameters(checkArguments(method, invocation.getParameters()));
        }
        Object answer = invocation.proceed();
        if (Disclosure.seesAll(principal)) {
            return answer;
        }
        if (answer instanceof Multi<?> stream) {
            return stream.map(item -> disclosure.apply(item, principal, new IdentityHashMap<>()));
        }
        return disclosure.apply(answer, principal, originals.map());
    }

    /**
     * Ref arguments: a pseudonymous reviewer ref (as a caller without PII access saw it) is turned back into the real
     * one; an artifact of a project the token cannot read is refused (FORBIDDEN, naming the argument). Inputs of
     * mutations are checked where they are registered (Registrar), which knows their project and links.
     */
    private Object[] checkArguments(Method method, Object[] values) {
        Parameter[] parameters = method.getParameters();
        Map<String, String> refArguments = new java.util.LinkedHashMap<>();
        List<String> projects = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            String name = parameters[i].isAnnotationPresent(Name.class) ? parameters[i].getAnnotation(Name.class).value()
                    : parameters[i].getName();
            if ("project".equals(name) && values[i] instanceof String project) {
                projects.add(project); // a "project" argument names a project directly
            } else if (values[i] instanceof String s) {
                String real = pseudonyms.real(s);
                values[i] = real;
                if (looksLikeRef(real)) {
                    refArguments.put(name, real);
                }
            } else if (values[i] instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String) {
                List<Object> real = new java.util.ArrayList<>(list.size());
                for (int j = 0; j < list.size(); j++) {
                    String r = pseudonyms.real((String) list.get(j));
                    real.add(r);
                    if (looksLikeRef(r)) {
                        refArguments.put(name + "[" + j + "]", r);
                    }
                }
                values[i] = real;
            }
        }
        caller.requireReadOf(refArguments);
        projects.forEach(project -> caller.requireRead("project", project));
        return values;
    }

    private static boolean looksLikeRef(String s) {
        if (s.indexOf(':') < 0 || s.indexOf('@') < 0) {
            return false;
        }
        try {
            ArtifactRef.parse("ref", s);
            return true;
        } catch (ProvenantError e) {
            return false;
        }
    }

    private static boolean isNested(Method method) {
        for (Parameter p : method.getParameters()) {
            if (p.isAnnotationPresent(Source.class)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRoot(Method method) {
        return method.isAnnotationPresent(Query.class) || method.isAnnotationPresent(Mutation.class)
                || method.isAnnotationPresent(io.smallrye.graphql.api.Subscription.class);
    }

    static String rootField(Method method) {
        Query query = method.getAnnotation(Query.class);
        if (query != null && !query.value().isEmpty()) {
            return query.value();
        }
        Mutation mutation = method.getAnnotation(Mutation.class);
        if (mutation != null && !mutation.value().isEmpty()) {
            return mutation.value();
        }
        io.smallrye.graphql.api.Subscription subscription = method.getAnnotation(io.smallrye.graphql.api.Subscription.class);
        if (subscription != null && !subscription.value().isEmpty()) {
            return subscription.value();
        }
        Name name = method.getAnnotation(Name.class);
        return name != null ? name.value() : method.getName();
    }

    static String spelled(Principal principal) {
        Set<String> roles = principal.roles().stream().map(Role::spelling).collect(Collectors.toCollection(java.util.TreeSet::new));
        return roles.isEmpty() ? "no role" : "role" + (roles.size() == 1 ? " " : "s ") + String.join(", ", roles);
    }
}
