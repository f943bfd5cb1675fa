package com.example.commerce.relay;

import com.example.commerce.outbox.OutboxClaimRepository;
import com.example.commerce.testsupport.Sql;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.UUID;

/**
 * Tests of the relay environment against the real (embedded) PostgreSQL: each test's outbox rows carry an
 * aggregate type of their own, and start behind an empty outbox.
 */
abstract class RelayTestBase {

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxClaimRepository claims;

    @Inject
    TransactionOperations<Connection> transactions;

    @Inject
    RelayConfiguration config;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    DataSource contextual;

    Sql sql;
    String aggregateType;

    /** The prefix of this test's aggregate type, which tells its rows apart in the shared outbox. */
    abstract String aggregatePrefix();

    @BeforeEach
    void isolate() {
        sql = Sql.of(contextual);
        aggregateType = aggregatePrefix() + "-" + UUID.randomUUID().toString().substring(0, 8);
        relay.drain(); // whatever earlier tests of the build left in the shared outbox
    }

    /** A relay of the application's configuration that sends through {@code producer}. */
    OutboxRelay relayWith(Producer<String, byte[]> producer) {
        return new OutboxRelay(claims, () -> producer, failed -> { }, transactions, config, objectMapper,
                new SimpleMeterRegistry());
    }
}
