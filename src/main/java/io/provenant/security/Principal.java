package io.provenant.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * The caller of one request, as its token says: who (subject, written to the journal as the actor), what they may
 * do (roles, with their implications), where (projects; null is every project), and whether they see personal data.
 */
public record Principal(String tokenId, String subject, Set<Role> roles, Set<String> projects, boolean pii) {

    /** The SecurityIdentity attribute that carries it. */
    public static final String ATTRIBUTE = "provenant.principal";

    /** The caller when authentication is switched off (dev only): everything, recorded as {@code anonymous}. */
    public static final Principal UNAUTHENTICATED_DEV = new Principal(null, "anonymous", EnumSet.of(Role.ADMIN), null, true);

    public Principal {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        projects = projects == null ? null : Set.copyOf(projects);
    }

    public boolean has(Role role) {
        return roles.stream().anyMatch(r -> r.includes().contains(role));
    }

    public boolean allProjects() {
        return projects == null;
    }

    public boolean mayRead(String project) {
        return projects == null || projects.contains(project);
    }

    /** Every role the token's roles include, for SecurityIdentity and listings. */
    public Set<Role> effectiveRoles() {
        EnumSet<Role> all = EnumSet.noneOf(Role.class);
        roles.forEach(r -> all.addAll(r.includes()));
        return all;
    }
}
