package com.example.commerce.api.kafka;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The operations console's Kafka clients, configured from Micronaut's {@code kafka.*} settings (bootstrap servers,
 * and on MSK the IAM authentication): one Admin client, created at first use and closed with the application, and
 * short-lived consumers without a group that read a dead-letter topic by assign() and are closed by their caller.
 * Every call is bounded by {@code commerce.console.kafka-timeout}.
 */
@Singleton
@Requires(property = "kafka.enabled", notEquals = "false")
public class KafkaClients {

    private final Map<String, Object> common;
    private final Duration timeout;
    private Admin admin;
    private boolean closed;

    KafkaClients(KafkaDefaultConfiguration defaults,
                 @Value("${commerce.console.kafka-timeout:5s}") Duration timeout) {
        this.timeout = timeout;
        this.common = new HashMap<>();
        // Only what both client kinds understand: a default such as a producer's acks would be logged as unknown.
        Set<String> known = AdminClientConfig.configNames();
        defaults.getConfig().forEach((key, value) -> {
            if (known.contains(key.toString()) && ConsumerConfig.configNames().contains(key.toString())) {
                common.put(key.toString(), value);
            }
        });
        int millis = (int) timeout.toMillis();
        common.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        common.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        common.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, millis);
    }

    public Duration timeout() {
        return timeout;
    }

    public synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("the application is shutting down");
        }
        if (admin == null) {
            var config = new HashMap<>(common);
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "operations-console");
            admin = Admin.create(config);
        }
        return admin;
    }

    /** A consumer without a group (no offsets committed, nothing joins); the caller assigns, reads and closes it. */
    public KafkaConsumer<byte[], byte[]> consumer(int maxRecords) {
        var config = new HashMap<>(common);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "operations-console-reader");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, maxRecords));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close(timeout);
            admin = null;
        }
    }
}
