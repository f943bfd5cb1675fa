package com.example.commerce.notification;

import com.example.commerce.testsupport.Sql;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static com.example.commerce.notification.OrderEventFixture.envelope;
import static com.example.commerce.testsupport.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Events produced while the consumer is stopped are processed once it is back: the group's committed offsets
 * remember where it was. The consumer runs in an application context of its own that the test closes and starts.
 */
class ConsumerRestartTest {

    private static ApplicationContext startConsumer() {
        return ApplicationContext.run(Map.of(), "notification-fn", "test");
    }

    @Test
    void eventsProducedWhileTheConsumerWasDownAreProcessedAfterItComesBack() throws Exception {
        long user = OrderEventFixture.newUserId();
        ApplicationContext consumer = startConsumer();
        String bootstrapServers = consumer.getRequiredProperty("kafka.bootstrap.servers", String.class);
        // Outlives the consumer's context and its connection pool.
        var dataSource = Sql.connect(consumer).dataSource();
        try (var events = new OrderEventFixture(bootstrapServers, dataSource)) {
            events.send("1", envelope(UUID.randomUUID(), "ORDER_CREATED", 1, user, 10, null));
            await("the consumer is running", () -> events.notificationCount(user) == 1);
            consumer.close();

            for (int order = 2; order <= 101; order++) {
                events.send(String.valueOf(order), envelope(UUID.randomUUID(), "ORDER_CREATED", order, user, 10, null));
            }
            Thread.sleep(1_000);
            assertEquals(1, events.notificationCount(user), "nothing is consumed while the consumer is down");

            consumer = startConsumer();
            await("all 100 events after the restart", () -> events.notificationCount(user) == 101);
            Thread.sleep(500);
            assertEquals(101, events.notificationCount(user), "and each once");
        } finally {
            consumer.close();
        }
    }
}
