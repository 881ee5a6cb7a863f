package io.provenant.artifact;

import com.fasterxml.jackson.databind.JsonNode;

/** The already registered artifacts a registration points to, for checks that need their content. */
public interface Targets {

    /** The registered payload of {@code ref} (it exists: dangling refs are refused before this is asked). */
    JsonNode payload(ArtifactRef ref);

    /** Whether the dataset {@code ref} is sealed. */
    boolean sealed(ArtifactRef ref);
}
