package io.provenant.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * On every {@code @GraphQLApi} class: each root field is checked against {@link Operations} (role), its ref
 * arguments against the token's projects, and its answer passes through {@link Disclosure} (placeholders for other
 * projects' artifacts, pseudonyms for personal data). The access matrix test calls every served root field.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface Guarded {
}
