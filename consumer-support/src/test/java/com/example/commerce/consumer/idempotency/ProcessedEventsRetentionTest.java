package com.example.commerce.consumer.idempotency;

import io.micronaut.context.annotation.Property;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention of processed-event marks against the real (embedded) PostgreSQL, in chunks of three. */
@MicronautTest(transactional = false)
@Property(name = "commerce.idempotency.cleanup-batch", value = "3")
class ProcessedEventsRetentionTest {

    @Inject
    ProcessedEventsRetention retention;

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    TransactionOperations<Connection> transactions;

    @Inject
    DataSource contextual;

    @Test
    void marksPastTheRetentionAreDeletedRecentOnesStayAndStillAbsorbRedeliveries() throws Exception {
        String consumer = "retention-test-" + UUID.randomUUID();
        String other = "retention-other-" + UUID.randomUUID();
        List<UUID> old = insert(consumer, 8, 7); // more than two chunks
        List<UUID> recent = insert(consumer, 6, 2);
        List<UUID> othersOld = insert(other, 30, 2);

        assertEquals(7, retention.cleanup(consumer));

        old.forEach(id -> assertFalse(processedEvents.isProcessed(consumer, id), "expired mark " + id));
        recent.forEach(id -> assertTrue(processedEvents.isProcessed(consumer, id), "recent mark " + id));
        othersOld.forEach(id -> assertTrue(processedEvents.isProcessed(other, id), "another consumer's own rows"));
        for (UUID id : recent) {
            Boolean first = transactions.executeWrite(tx -> processedEvents.markProcessed(consumer, id));
            assertFalse(first, "a redelivered recent event is still absorbed");
        }
        assertEquals(0, retention.cleanup(consumer));
    }

    @Test
    void cleanupAfterABatchRunsAtMostOncePerInterval() throws Exception {
        String consumer = "retention-test-" + UUID.randomUUID();
        List<UUID> first = insert(consumer, 10, 1);
        retention.cleanupIfDue(consumer);
        assertFalse(processedEvents.isProcessed(consumer, first.get(0)));

        List<UUID> second = insert(consumer, 10, 1);
        retention.cleanupIfDue(consumer); // within the interval (5 minutes): nothing to do yet
        assertTrue(processedEvents.isProcessed(consumer, second.get(0)));
    }

    /** Marks processed {@code daysAgo} days ago. */
    private List<UUID> insert(String consumer, int daysAgo, int count) throws SQLException {
        var ids = new ArrayList<UUID>();
        try (var connection = DelegatingDataSource.unwrapDataSource(contextual).getConnection();
             var insert = connection.prepareStatement("""
                     INSERT INTO processed_events (consumer, event_id, processed_at)
                     VALUES (?, ?, now() - make_interval(days => ?))""")) {
            for (int n = 0; n < count; n++) {
                UUID id = UUID.randomUUID();
                insert.setString(1, consumer);
                insert.setObject(2, id);
                insert.setInt(3, daysAgo);
                insert.executeUpdate();
                ids.add(id);
            }
        }
        return ids;
    }
}
