package com.example.commerce.relay;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The relay in a long-running process (the local run): drains whenever {@link OutboxWakeUp} reports a commit, so a
 * new event is published within milliseconds, and every {@code poll-interval} anyway, as a safety net for a lost
 * connection or notification. Published rows are cleaned up every {@code cleanup-interval}. On Lambda,
 * {@link OutboxRelayHandler} calls the same {@link OutboxRelay}.
 */
@Singleton
@Requires(property = "commerce.relay.scheduler.enabled", notEquals = "false")
@Requires(notEnv = Environment.FUNCTION) // on Lambda the schedule is EventBridge's, and OutboxRelayHandler runs
@Requires(beans = OutboxRelay.class)
class RelayScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(RelayScheduler.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final OutboxRelay relay;
    private final OutboxWakeUp wakeUp;
    private final Duration pollInterval;
    private volatile boolean running = true;
    private Thread loop;

    RelayScheduler(OutboxRelay relay, OutboxWakeUp wakeUp,
                   @Value("${commerce.relay.poll-interval:1s}") Duration pollInterval) {
        this.relay = relay;
        this.wakeUp = wakeUp;
        this.pollInterval = pollInterval;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        loop = new Thread(this::run, "outbox-relay");
        loop.setDaemon(true);
        loop.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        wakeUp.close(); // ends the wait under way
        if (loop != null) {
            loop.interrupt();
            loop.join(SHUTDOWN_WAIT.toMillis());
        }
    }

    private void run() {
        while (running && !Thread.currentThread().isInterrupted()) {
            wakeUp.listen(); // before draining: a commit during the drain then ends the wait that follows
            drainQuietly();
            wakeUp.await(pollInterval);
        }
    }

    private void drainQuietly() {
        try {
            relay.drain();
        } catch (RuntimeException e) {
            // The database or broker may be unreachable for a moment; the next wake-up tries again.
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
