package io.provenant.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * At start-up: refuses to run the prod profile with authentication switched off, and makes sure an admin can get
 * in (the configured bootstrap token, or one generated and logged once when no admin token exists).
 */
@ApplicationScoped
public class SecurityStartup {

    private static final Logger LOG = Logger.getLogger(SecurityStartup.class);

    @Inject
    SecurityConfig config;

    @Inject
    Tokens tokens;

    @Inject
    Tokens.Pepper pepper;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException("provenant.security.enabled=false is a dev setting: the prod profile refuses"
                        + " to start without authentication. Remove it, or run the dev profile.");
            }
            LOG.warn("Authentication is OFF (provenant.security.enabled=false, dev only): every caller is an admin.");
            return;
        }
        if (!pepper.configured()) {
            LOG.info("provenant.security.token-pepper is not set: using the key generated at first start (kept in PostgreSQL).");
        }
        String generated = tokens.bootstrap();
        if (generated != null) {
            LOG.warnf("No admin token existed: created bootstrap admin token (shown once, store it now): %s", generated);
        }
        tokens.listen();
    }
}
