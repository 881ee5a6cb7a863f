package io.provenant.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.provenant.api.ProvenantError;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, from the request's bearer token: the journal's actor (never taken from input) and the checks that
 * need a project, which only the code that knows the project can make.
 */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    @Inject
    SecurityConfig config;

    @Inject
    Disclosure disclosure;

    public Principal principal() {
        if (!config.enabled()) {
            return Principal.UNAUTHENTICATED_DEV;
        }
        Principal principal = identity.isAnonymous() ? null : identity.getAttribute(Principal.ATTRIBUTE);
        if (principal == null) {
            throw ProvenantError.unauthenticated("No bearer token: send 'Authorization: Bearer <token>'.");
        }
        return principal;
    }

    /** The journal's actor for writes of this request: the token's subject. */
    public String actor() {
        return principal().subject();
    }

    /** Refuses unless the token may read {@code project}. */
    public void requireRead(String field, String project) {
        Principal p = principal();
        if (!p.mayRead(project)) {
            throw ProvenantError.forbidden(field, "Your token is not scoped to project '" + project + "'.");
        }
    }

    /** Refuses unless the token may read the registered artifact {@code ref} names (unknown or malformed: passes). */
    public void requireReadOf(String field, String ref) {
        if (ref != null) {
            requireReadOf(java.util.Map.of(field, ref));
        }
    }

    /**
     * Refuses (FORBIDDEN, naming the field) unless the token may read every registered artifact named, field by
     * field; one query for all of them. Refs not registered pass (the operation reports them as NOT_FOUND).
     */
    public void requireReadOf(java.util.Map<String, String> refsByField) {
        Principal p = principal();
        if (p.allProjects() || refsByField.isEmpty()) {
            return;
        }
        java.util.Map<String, String> projects = disclosure.projectsOf(new java.util.HashSet<>(refsByField.values()));
        for (java.util.Map.Entry<String, String> named : refsByField.entrySet()) {
            String project = projects.get(named.getValue());
            if (project != null && !p.mayRead(project)) {
                throw ProvenantError.forbidden(named.getKey(), "'" + named.getValue() + "' belongs to a project your token is not scoped to.");
            }
        }
    }

    /** Refuses unless the token may register in {@code project}. */
    public void requireWrite(String field, String project) {
        Principal p = principal();
        if (!p.has(Role.REGISTRAR)) {
            throw ProvenantError.forbidden(field, "Writing needs role 'registrar'; your token has " + Guard.spelled(p) + ".");
        }
        requireRead(field, project);
    }

    /** Refuses unless the token is scoped to every project ({@code what} covers the whole store). */
    public void requireAllProjects(String what) {
        Principal p = principal();
        if (!p.allProjects()) {
            throw ProvenantError.forbidden(null, what + " covers every project; your token is scoped to "
                    + p.projects().stream().sorted().toList() + ".");
        }
    }

    /** Refuses unless the token holds {@code role} (with its implications). */
    public void requireRole(String what, Role role) {
        Principal p = principal();
        if (!p.has(role)) {
            throw ProvenantError.forbidden(null, what + " needs role '" + role.spelling() + "'; your token has " + Guard.spelled(p) + ".");
        }
    }
}
