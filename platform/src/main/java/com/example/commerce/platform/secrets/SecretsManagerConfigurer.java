package com.example.commerce.platform.secrets;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.SystemPropertiesPropertySource;
import io.micronaut.context.exceptions.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the database user and the JWT signing secret from AWS Secrets Manager when an application context is
 * built, before its environment and any bean (the data source, the token signer) exist, so that neither is ever a
 * plain Lambda environment variable. Only the secrets' ARNs are configured:
 * <ul>
 *   <li>{@code commerce.secrets.database-arn}: a JSON secret with {@code username} and {@code password} (the
 *       format RDS manages) becomes {@code datasources.default.username} and {@code .password};</li>
 *   <li>{@code commerce.secrets.jwt-arn}: a plain secret becomes {@code commerce.auth.jwt-secret}.</li>
 * </ul>
 * Without an ARN nothing is read and the plain properties apply (the local run, the tests). A configured secret
 * that cannot be read stops the start with the reason. As this runs before the environment exists, its own
 * settings are read from system properties and environment variables only.
 *
 * <p>A context configurer rather than a bootstrap property source locator: the latter's mere presence on the
 * classpath gives every context a second (bootstrap) context, which costs start-up time and changed which server
 * bean the Lambda handlers resolve.
 */
@ContextConfigurer
public class SecretsManagerConfigurer implements ApplicationContextConfigurer {

    static final String DATABASE_ARN = "commerce.secrets.database-arn";
    static final String JWT_ARN = "commerce.secrets.jwt-arn";
    static final String ENDPOINT = "commerce.secrets.endpoint";
    static final String TIMEOUT = "commerce.secrets.timeout";
    /** Above environment variables and system properties: a configured secret is the value, not a default. */
    static final int ORDER = SystemPropertiesPropertySource.POSITION + 50;

    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerConfigurer.class);
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s)");

    @Override
    public void configure(ApplicationContextBuilder builder) {
        String databaseArn = setting(DATABASE_ARN);
        String jwtArn = setting(JWT_ARN);
        if (databaseArn == null && jwtArn == null) {
            return;
        }
        long started = System.nanoTime();
        String endpoint = setting(ENDPOINT);
        var client = new SecretsManagerClient(AwsCredentials.fromEnvironment(), timeout(),
                endpoint == null ? null : URI.create(endpoint), Clock.systemUTC());
        Map<String, Object> properties = new LinkedHashMap<>();
        if (databaseArn != null) {
            SecretArn secret = SecretArn.parse(DATABASE_ARN, databaseArn);
            Map<String, String> user = FlatJson.strings(client.secretString(secret).getBytes(StandardCharsets.UTF_8));
            properties.put("datasources.default.username", required(user, "username", secret));
            properties.put("datasources.default.password", required(user, "password", secret));
        }
        if (jwtArn != null) {
            properties.put("commerce.auth.jwt-secret", client.secretString(SecretArn.parse(JWT_ARN, jwtArn)));
        }
        builder.propertySources(PropertySource.of("secrets-manager", properties, ORDER));
        LOG.info("Read {} from Secrets Manager in {} ms", databaseArn != null && jwtArn != null
                ? "the database user and the JWT secret" : databaseArn != null ? "the database user" : "the JWT secret",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** A system property, else its environment variable (upper case, '.' and '-' as '_'); null when blank. */
    static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Duration timeout() {
        String value = setting(TIMEOUT);
        if (value == null) {
            return Duration.ofSeconds(5);
        }
        var match = DURATION.matcher(value);
        if (!match.matches()) {
            throw new ConfigurationException(TIMEOUT + " must be like 5s or 500ms, not " + value);
        }
        long amount = Long.parseLong(match.group(1));
        return match.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
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
