package com.example.commerce.indexer;

import com.example.commerce.testsupport.Sql;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.UUID;

import static com.example.commerce.testsupport.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** In a long-running process the consumer's expired marks are deleted on a schedule, and only its own. */
@MicronautTest(environments = "indexer-fn", transactional = false)
@Property(name = "commerce.idempotency.cleanup-interval", value = "1s")
class ProcessedEventsCleanupScheduleTest {

    @Inject
    DataSource contextual;

    @Test
    void theIndexersExpiredMarksAreDeletedOnASchedule() throws Exception {
        var sql = Sql.of(contextual);
        UUID expired = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        UUID othersExpired = UUID.randomUUID();
        String insert = """
                INSERT INTO processed_events (consumer, event_id, processed_at)
                VALUES (?, ?, now() - make_interval(days => ?))""";
        sql.execute(insert, IndexerService.CONSUMER, expired, 8);
        sql.execute(insert, IndexerService.CONSUMER, recent, 1);
        sql.execute(insert, "another-consumer", othersExpired, 8);

        String count = "SELECT count(*) FROM processed_events WHERE event_id = ?";
        await("the expired mark is deleted", () -> sql.count(count, expired) == 0);
        assertEquals(1, sql.count(count, recent));
        assertEquals(1, sql.count(count, othersExpired), "another consumer cleans its own marks");
    }
}
