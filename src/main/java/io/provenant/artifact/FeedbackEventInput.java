package io.provenant.artifact;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.provenant.api.ProvenantError;

/**
 * A feedback event (x, y, h): prompt x, response y (and an alternative for preference pairs), the human
 * judgment h, who judged it under which rubric and policy versions, how the response was produced, and
 * the consent/provenance of the data. Consent may be absent (e.g. events imported from a log that never
 * recorded it): such events are registered, and releaseProvenance flags them (CONSENT_MISSING). With
 * {@code triage}, the event is routed when recorded by the named triage rule version, and the routing is
 * recorded in its payload ({@link #resolve}).
 */
@org.eclipse.microprofile.graphql.Input("FeedbackEventInput")
public record FeedbackEventInput(String key, String version, String project, String supersedes,
        String prompt, String response, String alternativeResponse, JudgmentInput judgment,
        String reviewer, String rubric, String policy, String promptTemplate, String roleFormat,
        DecoderSettingsInput decoder, ConsentInput consent, OffsetDateTime occurredAt,
        @org.eclipse.microprofile.graphql.Description("Route the event to a review queue by a triage rule version (optional).")
        FeedbackTriageInput triage) implements RegistrationInput {

    @Override
    public Kind kind() {
        return Kind.FEEDBACK;
    }

    @Override
    public void validate() {
        Checks.text("prompt", prompt, Checks.MAX_TEXT);
        Checks.text("response", response, Checks.MAX_TEXT);
        Checks.optionalText("alternativeResponse", alternativeResponse, Checks.MAX_TEXT);
        Checks.required("judgment", judgment).validate("judgment");
        if (judgment.type() == JudgmentType.PREFERENCE && alternativeResponse == null) {
            throw ProvenantError.invalid("alternativeResponse", "a PREFERENCE judgment compares the response with an alternativeResponse.");
        }
        Checks.ref("reviewer", reviewer, Kind.REVIEWER);
        Checks.ref("rubric", rubric, Kind.RUBRIC);
        Checks.ref("policy", policy, Kind.POLICY);
        Checks.text("promptTemplate", promptTemplate, Checks.MAX_NAME);
        Checks.text("roleFormat", roleFormat, Checks.MAX_NAME);
        Checks.required("decoder", decoder).validate("decoder");
        if (consent != null) {
            consent.validate("consent");
        }
        Checks.required("occurredAt", occurredAt);
        if (triage != null) {
            triage.validate("triage");
        }
    }

    @Override
    public List<Link> links() {
        List<Link> links = new java.util.ArrayList<>(4);
        links.add(new Link("reviewer", EdgeType.LABELED_BY, Checks.ref("reviewer", reviewer, Kind.REVIEWER)));
        links.add(new Link("rubric", EdgeType.UNDER_RUBRIC, Checks.ref("rubric", rubric, Kind.RUBRIC)));
        links.add(new Link("policy", EdgeType.UNDER_POLICY, Checks.ref("policy", policy, Kind.POLICY)));
        if (triage != null) {
            links.add(new Link("triage.rules", EdgeType.ROUTED_BY, Checks.ref("triage.rules", triage.rules(), Kind.TRIAGE)));
        }
        supersedesLink(links);
        return links;
    }

    @Override
    public void validateAgainst(Targets targets) {
        var rubricPayload = targets.payload(Checks.ref("rubric", rubric, Kind.RUBRIC));
        String implemented = rubricPayload.path("policy").asText();
        if (!implemented.equals(policy)) {
            throw ProvenantError.invalid("policy", "is " + policy + " but " + rubric + " implements " + implemented + ".");
        }
        judgment.validateAgainst("judgment", rubricPayload.path("labelSchema"), rubric);
    }

    /** Routes the event by its (immutable) triage rule version; the routing becomes part of the payload and digest. */
    @Override
    public RegistrationInput resolve(Targets targets) {
        if (triage == null) {
            return this;
        }
        ArtifactRef rulesRef = Checks.ref("triage.rules", triage.rules(), Kind.TRIAGE);
        TriageInput rules = (TriageInput) targets.input(rulesRef);
        return new FeedbackEventInput(key, version, project, supersedes, prompt, response, alternativeResponse, judgment,
                reviewer, rubric, policy, promptTemplate, roleFormat, decoder, consent, occurredAt,
                rules.route(rulesRef.toString(), triage.category(), triage.severity()));
    }

    @Override
    public String promptDigest(Targets targets) {
        return Digests.promptDigest(prompt);
    }

    @Override
    public Map<String, Object> graphProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("judgmentType", judgment.type().name());
        properties.put("label", judgment.label());
        properties.put("promptDigest", Digests.promptDigest(prompt));
        properties.put("responseDigest", Digests.responseDigest(response, alternativeResponse));
        properties.put("promptTemplate", promptTemplate);
        properties.put("occurredAt", occurredAt.toInstant().toString());
        if (consent != null) {
            properties.put("consentBasis", consent.basis());
        }
        if (consent != null && consent.subject() != null) {
            properties.put("consentSubject", consent.subject());
        }
        if (triage != null && triage.routed()) {
            properties.put("queue", triage.queue());
            properties.put("priority", triage.priority());
            properties.put("category", triage.category());
            properties.put("severity", triage.severity());
            properties.put("matchedRule", triage.matchedRule());
        }
        return properties;
    }
}
