package com.example.commerce.lambda;

import com.example.commerce.infra.StandInSecretsManager;
import com.example.commerce.testsupport.Sql;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * What the Lambda tests share: template.yaml, the embedded servers standing in for the template's parameters, and
 * database helpers.
 */
abstract class LocalLambdaStack {

    static final Path ROOT = Path.of(System.getProperty("commerce.repository.root", "..")).toAbsolutePath()
            .normalize();
    static final int MEMORY_MB = 1024;

    static SamTemplate template;

    @Inject
    DataSource contextual;

    @Inject
    JsonMapper json;

    @Value("${datasources.default.url}")
    String databaseUrl;

    @Value("${datasources.default.username}")
    String databaseUser;

    @Value("${datasources.default.password}")
    String databasePassword;

    @Value("${kafka.bootstrap.servers}")
    String kafka;

    @Value("${elasticsearch.http-hosts}")
    String elasticsearch;

    /** Stand-ins for the template's secrets (the parameter and the resource): their ARNs as the functions see them. */
    static final String DATABASE_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:commerce-db-AbCdEf";
    static final String JWT_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:JwtSigningSecret-GhIjKl";
    static final String JWT_SECRET_VALUE = "lambda-smoke-test-secret-0123456789abcdefghijklmnop";
    /**
     * BENCH_SECRETS=false gives the functions their secrets as plain environment variables instead, to measure
     * what reading them from Secrets Manager adds to a cold start.
     */
    static final boolean SECRETS_MANAGER = !"false".equals(System.getenv("BENCH_SECRETS"));

    static StandInSecretsManager secretsManager;

    @BeforeAll
    static void readTemplate() throws Exception {
        template = SamTemplate.read(ROOT.resolve("template.yaml"));
        secretsManager = StandInSecretsManager.start();
    }

    @AfterAll
    static void stopSecretsManager() {
        secretsManager.close();
    }

    LambdaRuntime.Invocation invoke(String function, String event, Duration deadline) throws Exception {
        var lambda = template.function(function, ROOT);
        return LambdaRuntime.invokeCold(lambda, environment(lambda), event, MEMORY_MB, deadline);
    }

    /** The function's environment from the template, its parameters pointing at the embedded servers. */
    Map<String, String> environment(SamTemplate.LambdaFunction function) {
        URI database = URI.create(databaseUrl.substring("jdbc:".length()));
        var parameters = new java.util.HashMap<>(Map.of(
                "DatabaseHost", database.getHost(),
                "DatabasePort", String.valueOf(database.getPort()),
                "DatabaseName", database.getPath().substring(1),
                "DatabaseSslMode", "disable", // the embedded server has no TLS
                "DatabaseSecretArn", DATABASE_SECRET,
                "JwtSigningSecret", JWT_SECRET,
                "MskBootstrapServers", kafka,
                "ElasticsearchUrl", elasticsearch,
                "AWS::StackName", "commerce",
                "ReindexFunction", "commerce-reindex"));
        parameters.put("ReplayFunction", "commerce-replay");
        try {
            secretsManager.put(DATABASE_SECRET, json.writeValueAsString(Map.of("username", databaseUser,
                    "password", databasePassword, "engine", "postgres")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        secretsManager.put(JWT_SECRET, JWT_SECRET_VALUE);
        var environment = SamTemplate.resolve(function.environment(), name -> {
            String value = parameters.get(name);
            if (value == null) {
                throw new IllegalArgumentException("No local value for template parameter " + name);
            }
            return value;
        }, key -> {
            throw new IllegalArgumentException("template.yaml resolves a secret into the environment: " + key);
        });
        // The embedded broker speaks plaintext; MSK's IAM authentication is the one part not exercised here.
        environment.keySet().removeIf(name -> name.startsWith("KAFKA_S"));
        if (SECRETS_MANAGER) {
            environment.put("COMMERCE_SECRETS_ENDPOINT", secretsManager.endpoint().toString());
        } else if (environment.remove("COMMERCE_SECRETS_DATABASE_ARN") != null) {
            environment.put("DATASOURCES_DEFAULT_USERNAME", databaseUser);
            environment.put("DATASOURCES_DEFAULT_PASSWORD", databasePassword);
            if (environment.remove("COMMERCE_SECRETS_JWT_ARN") != null) {
                environment.put("COMMERCE_AUTH_JWT_SECRET", JWT_SECRET_VALUE);
            }
        }
        return environment;
    }

    /** An unpublished outbox row, as order-api writes one; its event id. */
    UUID insertOutboxRow() throws SQLException {
        UUID eventId = UUID.randomUUID();
        execute("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type, event,
                                    occurred_at)
                VALUES (?, 'catalog-events', 'Product', ?, 1, 'PRODUCT_VIEWED', '{"lambda-test": true}'::jsonb, now())""",
                eventId, "lambda-test-" + eventId);
        return eventId;
    }

    boolean published(UUID outboxEventId) throws SQLException {
        return count("SELECT count(*) FROM outbox WHERE event_id = ? AND published_at IS NOT NULL",
                outboxEventId) == 1;
    }

    long count(String sql, Object... args) {
        return Sql.of(contextual).count(sql, args);
    }

    void execute(String sql, Object... args) {
        Sql.of(contextual).execute(sql, args);
    }
}
