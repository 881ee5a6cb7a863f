package io.provenant.artifact;

import java.util.List;
import java.util.Map;

/**
 * What every registration input has: the artifact's key, version and project, and optionally the
 * previous version it supersedes. Each kind's input validates itself and declares its lineage edges and
 * the few properties the graph shows; the projector re-reads them from the journal payload through the
 * same methods, so a kind's edges are defined in one place.
 */
public interface RegistrationInput {

    String key();

    String version();

    String project();

    /** Ref of the earlier version of the same key that this one replaces, or null. */
    String supersedes();

    Kind kind();

    /** Checks the input on its own; throws {@link io.provenant.api.ProvenantError} naming the field. */
    void validate();

    /** The lineage edges this artifact declares; every target must already exist. */
    List<Link> links();

    /** Scalar properties shown on the graph node besides the common ones. */
    default Map<String, Object> graphProperties() {
        return Map.of();
    }

    /** Checks that need the registered targets (e.g. a dataset must be sealed before a run uses it). */
    /**
     * Checks that need the caller as well as the targets (e.g. an override must come from the approver it names).
     * Project scoping of the input and its links is checked for every kind by the Registrar.
     */
    default void authorize(io.provenant.security.Principal caller, Targets targets) {
    }

    default void validateAgainst(Targets targets) {
    }

    /**
     * The normalized prompt digest ({@link Digests#promptDigest}) of what this artifact labels, kept with its
     * artifact row so dataset seals can compare prompts; null for kinds that label no prompt.
     */
    default String promptDigest(Targets targets) {
        return null;
    }

    /**
     * The input as it is journaled, completed by the server from the registered targets (after
     * {@link #validateAgainst}, before the canonical payload and digest are computed): e.g. a feedback event's
     * routing by its triage rule version. Must depend only on the input and the (immutable) targets, so an
     * identical retry resolves to the same payload and stays a no-op. Most kinds journal what was sent.
     */
    default RegistrationInput resolve(Targets targets) {
        return this;
    }

    default ArtifactRef ref() {
        return Checks.identity(kind(), this);
    }

    /** The SUPERSEDES edge, if any: it must point to another version of the same kind and key. */
    default void supersedesLink(List<Link> links) {
        if (supersedes() != null) {
            ArtifactRef previous = Checks.ref("supersedes", supersedes(), kind());
            if (!previous.key().equals(key()) || previous.version().equals(version())) {
                throw io.provenant.api.ProvenantError.invalid("supersedes",
                        "'" + previous + "' must be another version of " + kind().id() + ":" + key() + ".");
            }
            links.add(new Link("supersedes", EdgeType.SUPERSEDES, previous));
        }
    }
}
