package io.provenant.artifact;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who is writing, for the journal's actor column. Until tokens exist (security issue) every write is
 * recorded as {@code anonymous}; the actor is never taken from registration input.
 */
@ApplicationScoped
public class Caller {

    public String actor() {
        return "anonymous";
    }
}
