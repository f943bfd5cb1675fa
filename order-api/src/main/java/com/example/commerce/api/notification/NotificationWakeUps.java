package com.example.commerce.api.notification;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the live notification streams the moment a notification is committed, so that a stream reads the table when
 * there is something new rather than polling it every few hundred milliseconds. The notifications table announces
 * each insert on the PostgreSQL channel {@value #CHANNEL} (migration V16: one signal per statement, with the user
 * ids, or {@code *} for every user); one thread LISTENs on one connection of its own, outside the pool, and signals
 * the streams of those users.
 * <p>
 * The thread starts with the first stream, so a process that serves none never opens the connection. If the
 * connection breaks, it reconnects every {@link #RECONNECT_DELAY_MILLIS} ms and then wakes every stream once, so
 * that whatever was committed while it was away is read. The streams also look on their own every
 * {@code commerce.notification.stream-fallback-interval}, so a lost signal delays a notification, never loses it.
 */
@Singleton
@Requires(notEnv = Environment.FUNCTION)
@Requires(property = "commerce.notification.stream-listen", notEquals = "false")
public class NotificationWakeUps {

    static final String CHANNEL = "notifications_created";
    /** The payload that wakes every stream. */
    private static final String EVERYONE = "*";
    private static final long RECONNECT_DELAY_MILLIS = 1_000;
    /** How long one wait for signals blocks, so that {@link #close()} is seen. */
    private static final int WAIT_MILLIS = 1_000;
    /** The name of the listening session in pg_stat_activity. */
    static final String APPLICATION_NAME = "notification-stream-wake-ups";
    private static final Logger LOG = LoggerFactory.getLogger(NotificationWakeUps.class);

    private final String url;
    private final Properties credentials = new Properties();
    private final Map<Long, Set<FluxSink<Boolean>>> streamsByUser = new ConcurrentHashMap<>();
    private Thread listener;
    private volatile boolean closed;

    public NotificationWakeUps(@Property(name = "datasources.default.url") String url,
                               @Property(name = "datasources.default.username") @Nullable String username,
                               @Property(name = "datasources.default.password") @Nullable String password) {
        this.url = url;
        if (username != null) {
            credentials.setProperty("user", username);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        credentials.setProperty("ApplicationName", APPLICATION_NAME);
        credentials.setProperty("tcpKeepAlive", "true");
    }

    /**
     * A signal each time a notification of the user is committed (several close together may arrive as one: only
     * the latest unconsumed signal is kept). Listening starts with the first subscriber.
     */
    public Flux<Boolean> of(long userId) {
        return Flux.create(sink -> {
            start();
            streamsByUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(sink);
            sink.onDispose(() -> streamsByUser.computeIfPresent(userId, (id, sinks) -> {
                sinks.remove(sink);
                return sinks.isEmpty() ? null : sinks;
            }));
        }, FluxSink.OverflowStrategy.LATEST);
    }

    private synchronized void start() {
        if (listener == null && !closed) {
            listener = new Thread(this::listen, APPLICATION_NAME);
            listener.setDaemon(true);
            listener.start();
        }
    }

    private void listen() {
        while (!closed) {
            try (Connection connection = new org.postgresql.Driver().connect(url, credentials)) {
                if (connection == null) {
                    throw new SQLException("not a PostgreSQL URL: " + url);
                }
                try (var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                LOG.info("Listening for new notifications on {}", CHANNEL);
                wakeEveryone(); // whatever was committed before LISTEN took effect is read now
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] signals = postgres.getNotifications(WAIT_MILLIS);
                    if (signals != null) {
                        for (PGNotification signal : signals) {
                            wake(signal.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("Notification wake-ups interrupted, streams fall back to polling until reconnected: {}",
                        e.toString());
                try {
                    Thread.sleep(RECONNECT_DELAY_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void wake(String users) {
        if (EVERYONE.equals(users)) {
            wakeEveryone();
            return;
        }
        for (String user : users.split(",")) {
            try {
                var sinks = streamsByUser.get(Long.parseLong(user));
                if (sinks != null) {
                    sinks.forEach(sink -> sink.next(Boolean.TRUE));
                }
            } catch (NumberFormatException e) {
                LOG.warn("Ignoring a malformed wake-up payload: {}", users);
            }
        }
    }

    private void wakeEveryone() {
        streamsByUser.values().forEach(sinks -> sinks.forEach(sink -> sink.next(Boolean.TRUE)));
    }

    @PreDestroy
    public void close() {
        closed = true;
        Thread thread;
        synchronized (this) {
            thread = listener;
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
