package io.provenant.graph;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;

import io.quarkus.neo4j.runtime.Neo4jConfiguration;
import io.smallrye.config.SmallRyeConfig;

/**
 * The application's one Neo4j driver (every injection of {@link Driver}, quarkus-neo4j's health check included, gets
 * this one): built from the same {@code quarkus.neo4j.*} settings as quarkus-neo4j's own, but logging through SLF4J.
 *
 * <p>Why not quarkus-neo4j's driver: it keeps the driver's default, {@link Logging#systemLogging()}, whose logger
 * formats a debug message before the level is looked at, and the Bolt layer logs every message it sends at debug,
 * parameters included. A recordFeedback batch of 5,000 events became a multi-megabyte string per statement, thrown
 * away: 19% of the app's CPU samples during the bench's ingest at size M, and much of its garbage. The SLF4J logger
 * checks the level first; {@code quarkus.log.category."org.neo4j.driver".level=DEBUG} still shows those messages.
 */
@Singleton
public class Neo4jDriver {

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    Driver driver() {
        Neo4jConfiguration settings = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(Neo4jConfiguration.class);
        return GraphDatabase.driver(settings.uri(), authToken(settings), config(settings));
    }

    void close(@Disposes Driver driver) {
        driver.close();
    }

    /** What quarkus-neo4j 6.3's recorder configures from the same settings, plus the logging. */
    static Config config(Neo4jConfiguration settings) {
        Config.ConfigBuilder config = Config.builder().withLogging(Logging.slf4j());
        String scheme = URI.create(settings.uri()).getScheme();
        boolean schemeSetsEncryption = scheme != null && (scheme.endsWith("+s") || scheme.endsWith("+ssc"));
        if (!schemeSetsEncryption) {
            if (settings.encrypted()) {
                config.withEncryption().withTrustStrategy(settings.trustSettings().toInternalRepresentation());
            } else {
                config.withoutEncryption();
            }
        }
        Neo4jConfiguration.Pool pool = settings.pool();
        if (pool.logLeakedSessions()) {
            config.withLeakedSessionsLogging();
        }
        config.withMaxConnectionPoolSize(pool.maxConnectionPoolSize())
                .withConnectionLivenessCheckTimeout(pool.idleTimeBeforeConnectionTest().toMillis(), TimeUnit.MILLISECONDS)
                .withMaxConnectionLifetime(pool.maxConnectionLifetime().toMillis(), TimeUnit.MILLISECONDS)
                .withConnectionAcquisitionTimeout(pool.connectionAcquisitionTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .withMaxTransactionRetryTime(settings.maxTransactionRetryTime().toMillis(), TimeUnit.MILLISECONDS);
        return config.build();
    }

    private static AuthToken authToken(Neo4jConfiguration settings) {
        Neo4jConfiguration.Authentication authentication = settings.authentication();
        if (authentication.disabled()) {
            return AuthTokens.none();
        }
        String value = authentication.value().orElse(null);
        if (value != null) {
            int slash = value.indexOf('/');
            if (slash < 1 || slash == value.length() - 1) {
                throw new IllegalArgumentException("quarkus.neo4j.authentication.value must be <username>/<password>.");
            }
            return AuthTokens.basic(value.substring(0, slash), value.substring(slash + 1));
        }
        return AuthTokens.basic(authentication.username(), authentication.password());
    }
}
