package com.example.commerce.platform.secrets;

import com.example.commerce.infra.StandInSecretsManager;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets named by ARN are read from (a stand-in of) Secrets Manager while the application context is built;
 * without an ARN nothing is asked and the plain properties apply.
 */
class SecretsManagerConfigurerTest {

    static final String DATABASE = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:commerce-db-AbCdEf";
    static final String JWT = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:commerce-jwt-GhIjKl";
    static final Map<String, String> SETTINGS = Map.of(
            "aws.accessKeyId", "AKIDTEST", "aws.secretAccessKey", "test-secret-key", "aws.sessionToken", "token");

    StandInSecretsManager secretsManager;

    @BeforeEach
    void start() {
        secretsManager = StandInSecretsManager.start()
                .put(DATABASE, "{\"username\":\"app\",\"password\":\"p\\\"4ss\",\"engine\":\"postgres\",\"port\":5432}")
                .put(JWT, "jwt-secret-from-secrets-manager-0123456789");
        SETTINGS.forEach(System::setProperty);
    }

    @AfterEach
    void stop() {
        secretsManager.close();
        SETTINGS.keySet().forEach(System::clearProperty);
        List.of(SecretsManagerConfigurer.DATABASE_ARN, SecretsManagerConfigurer.JWT_ARN,
                SecretsManagerConfigurer.ENDPOINT, "datasources.default.password").forEach(System::clearProperty);
    }

    /** The application's configuration as a context starting up has it, before any bean is created. */
    private static Environment configuration() {
        return ApplicationContext.builder().build().getEnvironment().start();
    }

    @Test
    void theConfiguredSecretsBecomeTheDatabaseUserAndTheJwtSecret() {
        System.setProperty(SecretsManagerConfigurer.DATABASE_ARN, DATABASE);
        System.setProperty(SecretsManagerConfigurer.JWT_ARN, JWT);
        System.setProperty(SecretsManagerConfigurer.ENDPOINT, secretsManager.endpoint().toString());
        System.setProperty("datasources.default.password", "plain-value-that-the-secret-replaces");

        try (var env = configuration()) {
            assertEquals("app", env.getRequiredProperty("datasources.default.username", String.class));
            assertEquals("p\"4ss", env.getRequiredProperty("datasources.default.password", String.class));
            assertEquals("jwt-secret-from-secrets-manager-0123456789",
                    env.getRequiredProperty("commerce.auth.jwt-secret", String.class));
        }
        var calls = secretsManager.calls();
        assertEquals(List.of(DATABASE, JWT), calls.stream().map(StandInSecretsManager.Call::secretId).toList(),
                "exactly the configured ARNs, once each");
        assertTrue(calls.get(0).authorization().startsWith(
                "AWS4-HMAC-SHA256 Credential=AKIDTEST/"), calls.get(0).authorization());
        assertTrue(calls.get(0).authorization().contains("/eu-west-1/secretsmanager/aws4_request"));
    }

    @Test
    void withoutAnArnNothingIsAskedAndPlainPropertiesApply() {
        System.setProperty("datasources.default.password", "plain");
        System.setProperty(SecretsManagerConfigurer.ENDPOINT, secretsManager.endpoint().toString());

        try (var env = configuration()) {
            assertEquals("plain", env.getRequiredProperty("datasources.default.password", String.class));
        }
        assertEquals(List.of(), secretsManager.calls());
    }

    @Test
    void aSecretThatCannotBeReadStopsTheStartWithTheReason() {
        String missing = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:missing-MnOpQr";
        System.setProperty(SecretsManagerConfigurer.DATABASE_ARN, missing);
        System.setProperty(SecretsManagerConfigurer.ENDPOINT, secretsManager.endpoint().toString());

        var refused = assertThrows(RuntimeException.class, () -> configuration().close());

        var messages = new StringBuilder();
        for (Throwable t = refused; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains(missing) && messages.toString().contains("ResourceNotFoundException"),
                messages::toString);
    }
}
