package io.provenant.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A component of an answer that holds personal data: shown in clear only to roles with PII access
 * ({@code provenant.security.pii-roles}); others see a stable keyed pseudonym, so counts and grouping still work.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT })
public @interface PersonalData {

    What value();

    enum What {
        /** Free text that may be about a person (prompts, responses, comments): {@code ~text:…}. */
        TEXT,
        /** A person's identity (reviewer key, consent subject, journal actor): {@code ~person:…}. */
        IDENTITY,
        /** A registered payload (canonical JSON): its text and identity fields are pseudonymised inside. */
        PAYLOAD
    }
}
