package com.example.commerce.api.search;

import com.example.commerce.api.ApiTestBase;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With a reindex function configured (as on Lambda), a recorded job is handed to it: one asynchronous invocation
 * of its alias with the job's id, here received by a stand-in of Lambda's API.
 */
@MicronautTest(environments = "order-api", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReindexTriggerTest extends ApiTestBase implements TestPropertyProvider {

    private final List<String> invocations = new CopyOnWriteArrayList<>();
    private HttpServer lambda;

    @Override
    public Map<String, String> getProperties() {
        try {
            lambda = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lambda.createContext("/", exchange -> {
            invocations.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst(
                    "X-Amz-Invocation-Type") + " " + new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        lambda.start();
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.accessKeyId", "AKIDTRIGGERTEST");
        System.setProperty("aws.secretAccessKey", "trigger-test-secret");
        return Map.of("commerce.reindex.function-name", "commerce-reindex",
                "commerce.reindex.lambda-endpoint", "http://127.0.0.1:" + lambda.getAddress().getPort());
    }

    @AfterAll
    void stop() {
        lambda.stop(0);
        System.clearProperty("aws.region");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void aRecordedJobInvokesTheReindexFunction() {
        String admin = api.adminToken();
        var started = api.send(HttpRequest.POST("/api/admin/reindex/products", ""), admin);
        try {
            assertEquals(202, started.status(), started::toString);
            assertEquals("RUNNING", started.get("status"), started::toString);
            assertEquals(List.of("/2015-03-31/functions/commerce-reindex/invocations?Qualifier=live Event "
                    + "{\"jobId\":\"" + started.get("id") + "\"}"), invocations);
        } finally {
            // No indexer runs here: the job must not block the reindex tests of other modules.
            sql.execute("UPDATE reindex_jobs SET status = 'FAILED' WHERE status = 'RUNNING'");
        }
    }
}
