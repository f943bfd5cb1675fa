package com.example.commerce.api.search;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.testsupport.ApiClient;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reindex job's API: one at a time, administrators only, progress until it ends. */
@MicronautTest(environments = "order-api", transactional = false)
class ReindexApiTest extends ApiTestBase {

    /**
     * Created with the test's context: its client is what starts the embedded Elasticsearch, which can take longer
     * than a request's read time-out on a busy machine.
     */
    @Inject
    ProductSearch search;

    @Test
    void aJobRunsToItsEndAndOnlyOneRunsAtATime() throws Exception {
        String admin = api.adminToken();
        UUID blocking = UUID.randomUUID();
        sql.execute("INSERT INTO reindex_jobs (id, status) VALUES (?, 'RUNNING')", blocking);
        try {
            var refused = assertProblem(409, api.send(HttpRequest.POST("/api/admin/reindex/products", ""), admin));
            assertEquals("A reindex is already running", refused.get("detail"));
        } finally {
            sql.execute("UPDATE reindex_jobs SET status = 'FAILED' WHERE id = ?", blocking);
        }

        var started = api.send(HttpRequest.POST("/api/admin/reindex/products", ""), admin);
        assertEquals(202, started.status(), started::toString);
        var job = awaitEnd(started, admin);
        assertEquals("SUCCEEDED", job.get("status"), job::toString);
        assertEquals(job.get("total"), job.get("indexed"));

        assertProblem(404, api.send(HttpRequest.GET("/api/admin/reindex/products/" + UUID.randomUUID()), admin));
        assertProblem(403, api.send(HttpRequest.POST("/api/admin/reindex/products", ""), api.newUserToken()));
    }

    @Test
    void aJobLeftRunningByAStoppedInstanceIsTakenOver() throws Exception {
        String admin = api.adminToken();
        UUID abandoned = UUID.randomUUID();
        sql.execute("""
                INSERT INTO reindex_jobs (id, status, started_at, heartbeat_at)
                VALUES (?, 'RUNNING', now() - interval '1 hour', now() - interval '10 minutes')""", abandoned);

        var started = api.send(HttpRequest.POST("/api/admin/reindex/products", ""), admin);
        assertEquals(202, started.status(), started::toString);
        var old = api.send(HttpRequest.GET("/api/admin/reindex/products/" + abandoned), admin);
        assertEquals("FAILED", old.get("status"), old::toString);
        assertTrue(((String) old.get("error")).startsWith("Abandoned"), old::toString);

        var job = awaitEnd(started, admin);
        assertEquals("SUCCEEDED", job.get("status"), job::toString);
    }

    /** The job's state once it is no longer RUNNING, or after 30 s. */
    private ApiClient.Answer awaitEnd(ApiClient.Answer started, String admin) throws InterruptedException {
        String id = (String) started.get("id");
        var job = started;
        for (int i = 0; i < 300 && "RUNNING".equals(job.get("status")); i++) {
            Thread.sleep(100);
            job = api.send(HttpRequest.GET("/api/admin/reindex/products/" + id), admin);
        }
        return job;
    }
}
