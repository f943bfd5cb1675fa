package com.example.commerce.indexer.replay;

import com.example.commerce.testsupport.Sql;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A product-metrics replay meets an event the database refuses as data (a counter out of range) as the live writer
 * does: the others are counted and the refused one is recorded, so the replay goes on instead of failing at the same
 * offset every time it runs (against the real PostgreSQL).
 */
@MicronautTest(environments = "indexer-fn", transactional = false)
class MetricsReplayRefusalTest {

    @Inject
    MetricsReplay metrics;

    @Inject
    DataSource dataSource;

    private static ConsumerRecord<byte[], byte[]> record(long offset, String type, long productId, String payload) {
        String event = """
                {"eventId":"%s","eventType":"%s","aggregateType":"Product","aggregateId":"%d","aggregateVersion":%d,
                 "occurredAt":"2026-11-29T10:00:00Z","schemaVersion":2,"payload":%s}"""
                .formatted(UUID.randomUUID(), type, productId, offset, payload);
        return new ConsumerRecord<>("catalog-events", 0, offset,
                String.valueOf(productId).getBytes(StandardCharsets.UTF_8), event.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEventTheDatabaseRefusesIsRecordedAndTheOthersCounted() {
        long viewed = ThreadLocalRandom.current().nextLong(1L << 50, 1L << 51);
        long liked = viewed + 1;
        long half = Long.MAX_VALUE / 2 + 1; // two of them overflow a bigint
        String views = "{\"productId\":%d,\"userId\":null,\"count\":%d}".formatted(viewed, half);
        var records = List.of(
                record(1, "PRODUCT_VIEWED", viewed, views),
                record(2, "PRODUCT_VIEWED", viewed, views),
                record(3, "PRODUCT_LIKED", liked, "{\"productId\":%d,\"userId\":7}".formatted(liked)));
        String target = metrics.create(UUID.randomUUID());

        ReplayTarget.Applied applied = metrics.apply(target, records);

        assertEquals(2, applied.applied(), "the first view and the like");
        assertEquals(1, applied.unreadable().size(), applied.unreadable()::toString);
        assertEquals(2, applied.unreadable().get(0).offset());
        assertTrue(applied.unreadable().get(0).error().contains("22003"), applied.unreadable().get(0).error());
        Sql sql = Sql.of(dataSource);
        assertEquals(half, sql.count("SELECT view_count FROM product_metrics_replay WHERE product_id = ?", viewed));
        assertEquals(1, sql.count("SELECT like_count FROM product_metrics_replay WHERE product_id = ?", liked));
    }
}
