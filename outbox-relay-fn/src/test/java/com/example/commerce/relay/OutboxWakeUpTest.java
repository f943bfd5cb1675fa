package com.example.commerce.relay;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.jdbc.BasicJdbcConfiguration;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wake-up against the real (embedded) PostgreSQL, connected with the default datasource's settings. */
@MicronautTest(environments = "outbox-relay-fn", transactional = false)
class OutboxWakeUpTest {

    @Inject
    @Named("default")
    BasicJdbcConfiguration datasource;

    @Inject
    DataSource contextual;

    @Test
    void aNotificationOnTheOutboxChannelEndsTheWait() throws Exception {
        try (var wakeUp = new OutboxWakeUp(datasource)) {
            wakeUp.listen();
            long quietStart = System.nanoTime();
            wakeUp.await(Duration.ofSeconds(3));
            long quiet = System.nanoTime() - quietStart;
            // Without a listening connection the wait would be a one-second pause.
            assertTrue(quiet >= Duration.ofMillis(2_900).toNanos(), () -> "no notification, yet returned after "
                    + quiet / 1_000_000 + " ms");

            try (var connection = DelegatingDataSource.unwrapDataSource(contextual).getConnection();
                 var statement = connection.createStatement()) {
                statement.execute("NOTIFY " + OutboxWakeUp.CHANNEL);
            }

            long started = System.nanoTime();
            wakeUp.await(Duration.ofSeconds(20));
            long waited = System.nanoTime() - started;

            assertTrue(waited < Duration.ofSeconds(5).toNanos(), () -> "waited " + waited / 1_000_000 + " ms");
        }
    }

    @Test
    void closingEndsAWaitAtOnce() throws Exception {
        var wakeUp = new OutboxWakeUp(datasource);
        wakeUp.listen();
        var waiting = CompletableFuture.runAsync(() -> wakeUp.await(Duration.ofMinutes(10)));
        Thread.sleep(500); // the wait is under way

        wakeUp.close();

        waiting.get(5, TimeUnit.SECONDS);
        assertTrue(waiting.isDone());
    }
}
