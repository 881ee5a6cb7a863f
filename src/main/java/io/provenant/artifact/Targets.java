package io.provenant.artifact;

import com.fasterxml.jackson.databind.JsonNode;

/** The already registered artifacts a registration points to, for checks that need their content. */
public interface Targets {

    /**
     * The registered payload of {@code ref}: a target of the registration's links (it exists: dangling refs are
     * refused before this is asked), or an artifact those point to (e.g. an escalation's feedback's rubric).
     */
    JsonNode payload(ArtifactRef ref);

    /** The registered input of {@code ref}, read back from its payload. */
    RegistrationInput input(ArtifactRef ref);

    /** Whether the dataset {@code ref} is sealed. */
    boolean sealed(ArtifactRef ref);

    /** The journal actor (token subject) who registered {@code ref}. */
    String registeredBy(ArtifactRef ref);
}
