package com.example.commerce.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.commerce.infra.StandInSecretsManager;
import com.example.commerce.testsupport.HttpApiEvent;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On Lambda the database user and the JWT signing secret come from Secrets Manager (here a stand-in on loopback),
 * read by ARN at start-up: the function connects as the secret's user, not the plain one, and signs tokens with
 * the secret's key, not the configured one.
 */
class SecretsHandlerTest {

    static final String DATABASE = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:commerce-db-AbCdEf";
    static final String JWT = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:commerce-jwt-GhIjKl";
    static final String JWT_SECRET = "jwt-secret-served-by-secrets-manager-" + UUID.randomUUID();

    static StandInSecretsManager secretsManager;
    static OrderApiLambda lambda;

    @BeforeAll
    static void start() throws Exception {
        secretsManager = StandInSecretsManager.start();
        try (var plain = ApplicationContext.run("test")) {
            var env = plain.getEnvironment();
            secretsManager.put(DATABASE, plain.getBean(ObjectMapper.class).writeValueAsString(Map.of(
                    "username", env.getRequiredProperty("datasources.default.username", String.class),
                    "password", env.getRequiredProperty("datasources.default.password", String.class),
                    "engine", "postgres")));
        }
        secretsManager.put(JWT, JWT_SECRET);
        lambda = new OrderApiLambda(Map.of(
                "commerce.secrets.database-arn", DATABASE,
                "commerce.secrets.jwt-arn", JWT,
                "commerce.secrets.endpoint", secretsManager.endpoint().toString(),
                // As the Lambda runtime provides them (environment variables there).
                "aws.accessKeyId", "AKIDTEST",
                "aws.secretAccessKey", "test-secret-key",
                "aws.sessionToken", "test-session-token",
                // Plain values that the secrets must override (the embedded server trusts any password, so the
                // user name is what proves where the credentials came from).
                "datasources.default.username", "not-the-database-user",
                "datasources.default.password", "not-the-database-password"));
        lambda.start();
    }

    @AfterAll
    static void stop() {
        if (lambda != null) {
            lambda.stop();
        }
        secretsManager.close();
    }

    @Test
    void theFunctionConnectsAndSignsWithTheSecretsFromSecretsManager() throws Exception {
        String username = "secret-" + UUID.randomUUID().toString().substring(0, 8);
        var credentials = Map.of("username", username, "password", "secret123");

        assertEquals(201, call("/api/auth/signup", credentials).getStatusCode());
        var login = call("/login", credentials);
        assertEquals(200, login.getStatusCode(), login::getBody);

        String token = (String) lambda.read(login.getBody()).get("access_token");
        var jwt = SignedJWT.parse(token);
        assertTrue(jwt.verify(new MACVerifier(JWT_SECRET.getBytes(StandardCharsets.UTF_8))),
                "signed with the secret from Secrets Manager");
        assertFalse(jwt.verify(new MACVerifier("test-secret-used-only-by-the-order-api-tests-0123456789"
                .getBytes(StandardCharsets.UTF_8))), "not with the test configuration's secret");
        assertEquals(List.of(DATABASE, JWT), secretsManager.calls().stream()
                .map(StandInSecretsManager.Call::secretId).toList(), "each configured ARN read once, at start-up");
    }

    private APIGatewayV2HTTPResponse call(String path, Object body) throws Exception {
        return lambda.call(HttpApiEvent.post(path, lambda.json(body))
                .header("host", "abc123.execute-api.eu-west-1.amazonaws.com"));
    }
}
