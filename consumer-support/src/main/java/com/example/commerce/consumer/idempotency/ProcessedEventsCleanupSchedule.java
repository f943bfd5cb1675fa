package com.example.commerce.consumer.idempotency;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * In a long-running process (the local run), every {@code cleanup-interval} deletes the expired marks of each
 * consumer that runs here. On Lambda there is no schedule: the consumer's handler calls
 * {@link ProcessedEventsRetention#cleanupIfDue} after a batch.
 */
@Singleton
@Requires(notEnv = Environment.FUNCTION)
@Requires(beans = IdempotentConsumer.class)
class ProcessedEventsCleanupSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessedEventsCleanupSchedule.class);

    private final ProcessedEventsRetention retention;
    private final List<IdempotentConsumer> consumers;

    ProcessedEventsCleanupSchedule(ProcessedEventsRetention retention, List<IdempotentConsumer> consumers) {
        this.retention = retention;
        this.consumers = consumers;
    }

    @Scheduled(fixedDelay = "${commerce.idempotency.cleanup-interval:5m}",
            initialDelay = "${commerce.idempotency.cleanup-interval:5m}")
    void cleanup() {
        for (IdempotentConsumer consumer : consumers) {
            try {
                retention.cleanup(consumer.consumerName());
            } catch (RuntimeException e) {
                LOG.warn("Cleanup of processed-event marks of {} failed: {}", consumer.consumerName(), e.toString());
            }
        }
    }
}
