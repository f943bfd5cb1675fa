package com.example.commerce.relay;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay in a long-running process (the local run): drains the outbox on a short fixed delay and cleans up
 * published rows now and then. On Lambda a scheduled handler calls the same {@link OutboxRelay}.
 */
@Singleton
@Requires(property = "commerce.relay.scheduler.enabled", notEquals = "false")
@Requires(beans = OutboxRelay.class)
class RelayScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(RelayScheduler.class);

    private final OutboxRelay relay;

    RelayScheduler(OutboxRelay relay) {
        this.relay = relay;
    }

    @Scheduled(fixedDelay = "${commerce.relay.poll-interval:200ms}", initialDelay = "1s")
    void publish() {
        try {
            relay.drain();
        } catch (RuntimeException e) {
            // The database may be unreachable for a moment; the next tick tries again.
            LOG.warn("Outbox relay pass failed: {}", e.toString());
        }
    }

    @Scheduled(fixedDelay = "${commerce.relay.cleanup-interval:5m}", initialDelay = "1m")
    void cleanup() {
        try {
            long deleted = relay.cleanup();
            if (deleted > 0) {
                LOG.info("Deleted {} published outbox rows past retention", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("Outbox cleanup failed: {}", e.toString());
        }
    }
}
