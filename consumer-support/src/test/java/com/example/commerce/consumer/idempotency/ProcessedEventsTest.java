package com.example.commerce.consumer.idempotency;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips through the Micronaut Data repository against the real (embedded) PostgreSQL. */
@MicronautTest(transactional = false)
class ProcessedEventsTest {

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    TransactionOperations<Connection> transactions;

    @Test
    void anEventCountsOncePerConsumer() {
        UUID eventId = UUID.randomUUID();

        assertTrue(markInTransaction("notification-service", eventId));
        assertFalse(markInTransaction("notification-service", eventId));
        assertTrue(markInTransaction("search-indexer", eventId),
                "another consumer processes the same event independently");
        assertTrue(processedEvents.isProcessed("notification-service", eventId));
    }

    @Test
    void aRolledBackEffectLeavesNoMark() {
        UUID eventId = UUID.randomUUID();

        var failure = assertThrows(IllegalStateException.class, () -> transactions.executeWrite(tx -> {
            processedEvents.markProcessed("notification-service", eventId);
            throw new IllegalStateException("effect failed");
        }));

        assertEquals("effect failed", failure.getMessage());
        assertFalse(processedEvents.isProcessed("notification-service", eventId));
        assertTrue(markInTransaction("notification-service", eventId),
                "the redelivery after a rollback is processed");
    }

    @Test
    void markingOutsideATransactionIsRefused() {
        UUID eventId = UUID.randomUUID();

        assertThrows(RuntimeException.class, () -> processedEvents.markProcessed("notification-service", eventId));
        assertFalse(processedEvents.isProcessed("notification-service", eventId));
    }

    @Test
    void aBatchIsMarkedInOneStatementEachEventOnce() {
        UUID earlier = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        UUID repeated = UUID.randomUUID();
        assertTrue(markInTransaction("notification-service", earlier));

        Set<UUID> marked = transactions.executeWrite(tx -> processedEvents.markProcessed(tx.getConnection(),
                "notification-service", List.of(earlier, fresh, repeated, repeated)));

        assertEquals(Set.of(fresh, repeated), marked, "the earlier delivery's mark is kept, the repeat marked once");
        assertTrue(processedEvents.isProcessed("notification-service", fresh));
        Set<UUID> again = transactions.executeWrite(tx -> processedEvents.markProcessed(tx.getConnection(),
                "notification-service", List.of(fresh, repeated)));
        assertEquals(Set.of(), again, "the batch delivered again marks nothing");
    }

    @Test
    void aRolledBackBatchLeavesNoMark() {
        UUID eventId = UUID.randomUUID();

        assertThrows(IllegalStateException.class, () -> transactions.executeWrite(tx -> {
            processedEvents.markProcessed(tx.getConnection(), "notification-service", List.of(eventId));
            throw new IllegalStateException("effect failed");
        }));

        assertFalse(processedEvents.isProcessed("notification-service", eventId));
    }

    private boolean markInTransaction(String consumer, UUID eventId) {
        Boolean first = transactions.executeWrite(tx -> processedEvents.markProcessed(consumer, eventId));
        return first;
    }
}
