package com.example.commerce.relay;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The relay in a long-running process (the local run). A dedicated connection LISTENs on the channel the outbox
 * trigger notifies at every commit, so a new event is published within milliseconds; every {@code poll-interval}
 * the relay drains anyway, as a safety net for a lost connection or notification. Published rows are cleaned up
 * every {@code cleanup-interval}. On Lambda, {@link OutboxRelayHandler} calls the same {@link OutboxRelay}.
 */
@Singleton
@Requires(property = "commerce.relay.scheduler.enabled", notEquals = "false")
@Requires(notEnv = Environment.FUNCTION) // on Lambda the schedule is EventBridge's, and OutboxRelayHandler runs
@Requires(beans = OutboxRelay.class)
class RelayScheduler {

    static final String CHANNEL = "outbox_inserted";
    private static final Logger LOG = LoggerFactory.getLogger(RelayScheduler.class);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final OutboxRelay relay;
    private final Environment environment;
    private final Duration pollInterval;
    private volatile boolean running = true;
    private volatile Connection listener;
    private Thread loop;

    RelayScheduler(OutboxRelay relay, Environment environment,
                   @Value("${commerce.relay.poll-interval:1s}") Duration pollInterval) {
        this.relay = relay;
        this.environment = environment;
        this.pollInterval = pollInterval;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        loop = new Thread(this::run, "outbox-relay");
        loop.setDaemon(true);
        loop.start();
    }

    /** Closing the listening connection ends a wait for notifications at once; an interrupt would not. */
    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        Connection current = listener;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException ignored) {
                // Closing is all that matters here.
            }
        }
        if (loop != null) {
            loop.interrupt();
            loop.join(SHUTDOWN_WAIT.toMillis());
        }
    }

    private void run() {
        while (running) {
            try (Connection connection = openListener()) {
                listener = connection;
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    drainQuietly();
                    // Returns at the first notification, or after the poll interval.
                    notifications.getNotifications((int) pollInterval.toMillis());
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Outbox wake-up connection lost ({}); polling until it is back", e.toString());
                    drainQuietly();
                    sleep(RECONNECT_DELAY);
                }
            }
        }
    }

    private Connection openListener() throws SQLException {
        Connection connection = DriverManager.getConnection(
                environment.getRequiredProperty("datasources.default.url", String.class),
                environment.getProperty("datasources.default.username", String.class).orElse(null),
                environment.getProperty("datasources.default.password", String.class).orElse(null));
        try (var statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private void drainQuietly() {
        try {
            relay.drain();
        } catch (RuntimeException e) {
            // The database or broker may be unreachable for a moment; the next wake-up tries again.
            LOG.warn("Outbox relay pass failed: {}", e.toString());
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
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
