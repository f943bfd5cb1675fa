package com.example.commerce.infra;

import io.micronaut.testresources.core.TestResourcesResolver;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers the connection properties of PostgreSQL, Kafka and Elasticsearch with embedded servers, starting each on
 * the first request for one of its properties. micronaut-test-resources consults a resolver only for properties
 * that no other source sets: configuring DATASOURCES_DEFAULT_URL, KAFKA_BOOTSTRAP_SERVERS or
 * ELASTICSEARCH_HTTP_HOSTS points the application at an external server and starts nothing here.
 */
public final class EmbeddedInfrastructureResolver implements TestResourcesResolver {

    public static final String JDBC_URL = "datasources.default.url";
    public static final String JDBC_USERNAME = "datasources.default.username";
    public static final String JDBC_PASSWORD = "datasources.default.password";
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String ELASTICSEARCH_HTTP_HOSTS = "elasticsearch.http-hosts";

    private static final List<String> PROPERTIES =
            List.of(JDBC_URL, JDBC_USERNAME, JDBC_PASSWORD, KAFKA_BOOTSTRAP_SERVERS, ELASTICSEARCH_HTTP_HOSTS);

    public EmbeddedInfrastructureResolver() {
        // Runs when the test-resources server loads its resolvers, before anything else it logs.
        QuietLogging.apply();
    }

    @Override
    public String getDisplayName() {
        return "embedded PostgreSQL, Kafka and Elasticsearch";
    }

    @Override
    public List<String> getResolvableProperties(Map<String, Collection<String>> propertyEntries,
                                                Map<String, Object> testResourcesConfig) {
        return PROPERTIES;
    }

    @Override
    public Optional<String> resolve(String propertyName, Map<String, Object> properties,
                                    Map<String, Object> testResourcesConfig) {
        var infrastructure = EmbeddedInfrastructure.get();
        return Optional.ofNullable(switch (propertyName) {
            case JDBC_URL -> infrastructure.postgres().jdbcUrl();
            case JDBC_USERNAME -> EmbeddedPostgresServer.USERNAME;
            case JDBC_PASSWORD -> EmbeddedPostgresServer.PASSWORD;
            case KAFKA_BOOTSTRAP_SERVERS -> infrastructure.kafka().bootstrapServers();
            case ELASTICSEARCH_HTTP_HOSTS -> infrastructure.elasticsearch().httpUrl();
            default -> null;
        });
    }
}
