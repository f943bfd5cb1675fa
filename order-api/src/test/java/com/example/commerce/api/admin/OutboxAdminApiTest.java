package com.example.commerce.api.admin;

import com.example.commerce.api.ApiTestBase;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(environments = "order-api", transactional = false)
class OutboxAdminApiTest extends ApiTestBase {

    @Test
    void anAdministratorListsAndRequeuesParkedEvents() {
        String admin = api.adminToken();
        long first = api.createProduct(admin, "Parked A", 1);
        long second = api.createProduct(admin, "Parked B", 1);
        sql.execute("UPDATE outbox SET parked_at = now(), attempts = 10, last_error = 'RecordTooLargeException' "
                + "WHERE aggregate_type = 'Product' AND aggregate_id IN (?, ?)", String.valueOf(first),
                String.valueOf(second));

        var page = api.send(HttpRequest.GET("/api/admin/outbox/parked?size=100"), admin);
        assertEquals(200, page.status(), page::toString);
        assertTrue(page.list("items").stream().anyMatch(e -> String.valueOf(first).equals(e.get("aggregateId"))
                && "RecordTooLargeException".equals(e.get("lastError"))), page::toString);

        long firstRow = sql.count("SELECT id FROM outbox WHERE aggregate_type = 'Product' AND aggregate_id = ?",
                String.valueOf(first));
        var one = api.send(HttpRequest.POST("/api/admin/outbox/parked/" + firstRow + "/requeue", ""), admin);
        assertEquals(1, ((Number) one.get("requeued")).intValue());
        assertEquals(1, sql.count("SELECT count(*) FROM outbox WHERE id = ? AND parked_at IS NULL AND attempts = 0",
                firstRow));
        assertProblem(404, api.send(HttpRequest.POST("/api/admin/outbox/parked/" + firstRow + "/requeue", ""),
                admin));

        var all = api.send(HttpRequest.POST("/api/admin/outbox/parked/requeue", ""), admin);
        assertTrue(((Number) all.get("requeued")).intValue() >= 1);
        assertEquals(0, sql.count("SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL"));

        String user = api.newUserToken();
        assertProblem(403, api.send(HttpRequest.GET("/api/admin/outbox/parked"), user));
        assertProblem(403, api.send(HttpRequest.POST("/api/admin/outbox/parked/requeue", ""), user));
        assertProblem(401, api.send(HttpRequest.GET("/api/admin/outbox/parked")));
    }
}
