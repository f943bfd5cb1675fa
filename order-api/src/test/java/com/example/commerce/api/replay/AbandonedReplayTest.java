package com.example.commerce.api.replay;

import com.example.commerce.api.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A replay silent for longer than {@code abandoned-after} is failed when the next one is asked for, unless it is past
 * its swap: its new model serves already, and only finishing it (the indexer takes it on when it is back) leaves
 * the model whole.
 */
@MicronautTest(environments = "order-api", transactional = false)
class AbandonedReplayTest extends ApiTestBase {

    @Inject
    ReplayJobRepository jobs;

    @Test
    void aSilentReplayIsFailedUnlessItHasSwapped() {
        sql.execute("UPDATE replay_jobs SET status = 'FAILED', finished_at = now(), claimed_by = NULL "
                + "WHERE read_model = 'product-metrics' AND status = 'RUNNING'");
        UUID id = UUID.randomUUID();
        sql.execute("INSERT INTO replay_jobs (id, read_model, status, phase, heartbeat_at) "
                + "VALUES (?, 'product-metrics', 'RUNNING', 'REFRESHING', now() - interval '1 day')", id);
        try {
            assertEquals(0, jobs.failAbandoned("product-metrics", 300), "a job past its swap is never failed");
            assertEquals("RUNNING", status(id));

            sql.execute("UPDATE replay_jobs SET phase = 'VERIFYING' WHERE id = ?", id);
            assertEquals(1, jobs.failAbandoned("product-metrics", 300));
            assertEquals("FAILED", status(id));
        } finally {
            sql.execute("UPDATE replay_jobs SET status = 'FAILED', finished_at = now() WHERE id = ?", id);
        }
    }

    private String status(UUID id) {
        return sql.list("SELECT status FROM replay_jobs WHERE id = ?", row -> row.getString(1), id).get(0);
    }
}
