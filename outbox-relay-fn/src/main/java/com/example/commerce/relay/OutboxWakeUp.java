package com.example.commerce.relay;

import io.micronaut.jdbc.BasicJdbcConfiguration;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Tells a waiting relay that outbox rows were committed: a dedicated connection (outside the pool, which it would
 * hold for good) LISTENs on the channel the outbox trigger notifies at every commit (migration V2). It connects
 * with the default datasource's settings, wherever they came from (environment, secrets, test resources).
 */
@Singleton
class OutboxWakeUp implements AutoCloseable {

    static final String CHANNEL = "outbox_inserted";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxWakeUp.class);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final BasicJdbcConfiguration datasource;
    private volatile Connection listener;
    private volatile boolean closed;

    OutboxWakeUp(@Named("default") BasicJdbcConfiguration datasource) {
        this.datasource = datasource;
    }

    /**
     * Makes sure the connection is listening. Called before each drain, so that a commit during the drain wakes the
     * next {@link #await}. A failure is logged; the next call tries again.
     */
    void listen() {
        if (listener != null || closed) {
            return;
        }
        try {
            connect();
        } catch (SQLException | RuntimeException e) {
            lost(e);
        }
    }

    /**
     * Returns at the first notification since the last call, after {@code timeout}, or once {@link #close()} is
     * called. Without a connection (it could not be opened, or was lost) it waits {@code RECONNECT_DELAY} instead:
     * the caller then polls until the connection is back.
     */
    void await(Duration timeout) {
        Connection connection = listener;
        if (connection == null) {
            if (!closed) {
                pause(RECONNECT_DELAY);
            }
            return;
        }
        try {
            connection.unwrap(PGConnection.class).getNotifications((int) timeout.toMillis());
        } catch (SQLException | RuntimeException e) {
            lost(e);
        }
    }

    /** Closing the listening connection ends a wait for notifications at once; an interrupt would not. */
    @Override
    @PreDestroy
    public void close() {
        closed = true;
        disconnect();
    }

    private void connect() throws SQLException {
        Connection connection = DriverManager.getConnection(datasource.getUrl(), datasource.getUsername(),
                datasource.getPassword());
        try (var statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        listener = connection;
        if (closed) { // closed while connecting: the closing thread did not see this connection
            disconnect();
        }
    }

    private void lost(Exception failure) {
        disconnect();
        if (!closed) {
            LOG.warn("Outbox wake-up connection lost ({}); polling until it is back", failure.toString());
        }
    }

    private void disconnect() {
        Connection current = listener;
        listener = null;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException ignored) {
                // Closing is all that matters here.
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
