package com.example.commerce.shared.secrets;

import io.micronaut.context.annotation.BootstrapContextCompatible;
import io.micronaut.context.env.BootstrapPropertySourceLocator;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.SystemPropertiesPropertySource;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the database user and the JWT signing secret from AWS Secrets Manager while the application context is
 * being configured, before any bean (the data source, the token signer) exists, so that neither is ever a plain
 * Lambda environment variable. Only the secrets' ARNs are configured:
 * <ul>
 *   <li>{@code commerce.secrets.database-arn}: a JSON secret with {@code username} and {@code password} (the
 *       format RDS manages) becomes {@code datasources.default.username} and {@code .password};</li>
 *   <li>{@code commerce.secrets.jwt-arn}: a plain secret becomes {@code commerce.auth.jwt-secret}.</li>
 * </ul>
 * Without an ARN nothing is read and the plain properties apply (the local run, the tests). A configured secret
 * that cannot be read stops the start with the reason. Micronaut runs this in its bootstrap context, which reads
 * only system properties, environment variables and bootstrap.yml.
 */
@Singleton
@BootstrapContextCompatible
public class SecretsPropertySourceLocator implements BootstrapPropertySourceLocator {

    static final String DATABASE_ARN = "commerce.secrets.database-arn";
    static final String JWT_ARN = "commerce.secrets.jwt-arn";
    static final String ENDPOINT = "commerce.secrets.endpoint";
    static final String TIMEOUT = "commerce.secrets.timeout";
    /** Above environment variables and system properties: a configured secret is the value, not a default. */
    static final int ORDER = SystemPropertiesPropertySource.POSITION + 50;

    private static final Logger LOG = LoggerFactory.getLogger(SecretsPropertySourceLocator.class);

    @Override
    public Iterable<PropertySource> findPropertySources(Environment environment) {
        String databaseArn = environment.getProperty(DATABASE_ARN, String.class).filter(s -> !s.isBlank())
                .orElse(null);
        String jwtArn = environment.getProperty(JWT_ARN, String.class).filter(s -> !s.isBlank()).orElse(null);
        if (databaseArn == null && jwtArn == null) {
            return List.of();
        }
        long started = System.nanoTime();
        var client = new SecretsManagerClient(AwsCredentials.fromEnvironment(),
                environment.getProperty(TIMEOUT, Duration.class).orElse(Duration.ofSeconds(5)),
                environment.getProperty(ENDPOINT, String.class).filter(s -> !s.isBlank()).map(URI::create)
                        .orElse(null),
                Clock.systemUTC());
        Map<String, Object> properties = new LinkedHashMap<>();
        if (databaseArn != null) {
            SecretArn secret = SecretArn.parse(DATABASE_ARN, databaseArn);
            Map<String, String> user = FlatJson.strings(client.secretString(secret).getBytes(
                    StandardCharsets.UTF_8));
            properties.put("datasources.default.username", required(user, "username", secret));
            properties.put("datasources.default.password", required(user, "password", secret));
        }
        if (jwtArn != null) {
            properties.put("commerce.auth.jwt-secret", client.secretString(SecretArn.parse(JWT_ARN, jwtArn)));
        }
        LOG.info("Read {} from Secrets Manager in {} ms", databaseArn != null && jwtArn != null
                ? "the database user and the JWT secret" : databaseArn != null ? "the database user" : "the JWT secret",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return List.of(PropertySource.of("secrets-manager", properties, ORDER));
    }

    private static String required(Map<String, String> secret, String key, SecretArn arn) {
        String value = secret.get(key);
        if (value == null || value.isEmpty()) {
            throw new ConfigurationException("Secret " + arn.arn() + " has no \"" + key + "\" (expected JSON with "
                    + "username and password)");
        }
        return value;
    }
}
