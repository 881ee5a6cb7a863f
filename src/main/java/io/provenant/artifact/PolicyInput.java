package io.provenant.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.provenant.api.ProvenantError;

/** A plain-language statement of desired behaviour, versioned: its text or a URI to it, and the text's digest. */
@org.eclipse.microprofile.graphql.Input("PolicyInput")
public record PolicyInput(String key, String version, String project, String supersedes,
        String title, String text, String uri, String textDigest) implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.POLICY;
    }

    @Override
    public void validate() {
        Checks.text("title", title, Checks.MAX_NAME);
        Checks.optionalText("text", text, Checks.MAX_TEXT);
        Checks.optionalText("uri", uri, 2_000);
        if (text == null && uri == null) {
            throw ProvenantError.invalid("text", "a policy needs its text or a uri to it.");
        }
        if (uri != null && textDigest == null) {
            throw ProvenantError.invalid("textDigest", "is required with uri: the sha256 of the text the uri points to.");
        }
        if (textDigest != null && !textDigest.matches("[0-9a-f]{64}")) {
            throw ProvenantError.invalid("textDigest", "must be a sha256 in 64 lowercase hex digits.");
        }
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        supersedesLink(links);
        return links;
    }

    @Override
    public Map<String, Object> graphProperties() {
        return Map.of("title", title);
    }
}
