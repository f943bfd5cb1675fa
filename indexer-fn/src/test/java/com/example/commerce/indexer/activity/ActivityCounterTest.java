package com.example.commerce.indexer.activity;

import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.TopicRecords;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static com.example.commerce.testsupport.TopicRecords.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The activity counts against the real PostgreSQL and Kafka: once per event whatever the deliveries, on the UTC
 * day of the event's occurredAt, a malformed record dead-lettered while the rest of its batch is counted.
 */
@MicronautTest(environments = "indexer-fn", transactional = false)
class ActivityCounterTest {

    @Inject
    ActivityCounter counter;

    @Inject
    DataSource contextual;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    private long offset;

    private IncomingEvent record(long userId, String json) {
        return new IncomingEvent("platform.users.activity", 0, offset++,
                String.valueOf(userId).getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    private IncomingEvent event(UUID eventId, String type, long userId, String occurredAt) {
        String channel = type.equals("USER_LOGGED_IN") ? "null" : "5";
        String message = type.equals("MESSAGE_POSTED") ? "6" : "null";
        return record(userId, """
                {"eventId":"%s","eventType":"%s","aggregateType":"UserActivity","aggregateId":"%d",
                 "aggregateVersion":%d,"occurredAt":"%s","schemaVersion":1,
                 "payload":{"userId":%d,"occurredAt":"%s","channelId":%s,"messageId":%s}}"""
                .formatted(eventId, type, userId, offset + 1, occurredAt, userId, occurredAt, channel, message));
    }

    private List<List<Long>> counts(long userId) {
        return Sql.of(DelegatingDataSource.unwrapDataSource(contextual)).list("""
                SELECT extract(day FROM day)::bigint, logins, joins, messages_posted FROM user_activity_daily
                WHERE user_id = ? ORDER BY day""", row -> List.of(row.getLong(1), row.getLong(2), row.getLong(3),
                row.getLong(4)), userId);
    }

    @Test
    void eachEventCountsOnceOnItsUtcDayAndWhatCanNeverBeCountedIsDeadLettered() {
        long user = ThreadLocalRandom.current().nextLong(1L << 52, 1L << 53);
        UUID login = UUID.randomUUID();
        var batch = List.of(
                event(login, "USER_LOGGED_IN", user, "2026-11-21T00:00:00Z"),
                event(UUID.randomUUID(), "USER_LOGGED_IN", user, "2026-11-21T12:00:00+09:00"),
                event(UUID.randomUUID(), "CHANNEL_JOINED", user, "2026-11-21T10:00:00Z"),
                event(UUID.randomUUID(), "MESSAGE_POSTED", user, "2026-11-21T23:59:59.999999Z"),
                record(user, "{\"eventId\":\"" + UUID.randomUUID()
                        + "\",\"eventType\":\"MESSAGE_POSTED\",\"payload\":{\"userId\":\"x\"}}"),
                event(UUID.randomUUID(), "MESSAGE_POSTED", user, "2026-11-22T00:00:00Z"),
                event(login, "USER_LOGGED_IN", user, "2026-11-21T00:00:00Z"));
        counter.process(batch);

        assertEquals(List.of(List.of(21L, 2L, 1L, 1L), List.of(22L, 0L, 0L, 1L)), counts(user),
                "a duplicate in the batch counted once; 12:00 at +09:00 is the 21st in UTC");
        var dead = TopicRecords.withKey(bootstrapServers, "platform.users.activity-dlq", String.valueOf(user), 1);
        assertEquals("platform.users.activity", header(dead.get(0), "dlq.original.topic"));
        assertEquals(ActivityCounter.CONSUMER, header(dead.get(0), "dlq.consumer"));
        assertFalse(header(dead.get(0), "dlq.error").isBlank());

        // Redelivered, as after a failure past the commit: nothing counts twice.
        counter.process(batch.stream().filter(record -> !new String(record.value(), StandardCharsets.UTF_8)
                .contains("\"userId\":\"x\"")).toList());
        assertEquals(List.of(List.of(21L, 2L, 1L, 1L), List.of(22L, 0L, 0L, 1L)), counts(user));
    }
}
