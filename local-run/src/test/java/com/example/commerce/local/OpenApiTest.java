package com.example.commerce.local;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local run serves the OpenAPI document generated at build time, and a Swagger UI that needs no CDN. */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
class OpenApiTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void theDocumentDescribesTheApi() {
        String document = client.toBlocking().retrieve(HttpRequest.GET("/swagger/commerce-api.yml"));

        for (String path : new String[] {"/api/auth/signup", "/api/products/{id}", "/api/orders",
                "/api/orders/{id}/pay", "/api/notifications/{id}/read"}) {
            assertTrue(document.contains(path + ":"), () -> path + " missing from the OpenAPI document");
        }
        assertTrue(document.contains("bearerFormat: JWT"));
    }

    @Test
    void theOperationsConsoleAndItsApisAreDocumentedAndServed() {
        String document = client.toBlocking().retrieve(HttpRequest.GET("/swagger/commerce-api.yml"));
        for (String path : new String[] {"/api/admin/kafka/topics", "/api/admin/kafka/groups", "/api/admin/dlq/{topic}",
                "/api/admin/dlq/{topic}/{partition}/{offset}/replay", "/api/admin/dlq/{topic}/{partition}/{offset}/discard",
                "/api/admin/outbox/backlog"}) {
            assertTrue(document.contains(path + ":"), () -> path + " missing from the OpenAPI document");
        }
        assertFalse(document.contains("/console"), "the console is a page, not part of the API");

        String page = client.toBlocking().retrieve(HttpRequest.GET("/console/"));
        assertTrue(page.contains("<script src=\"/console/console.js\" defer></script>"));
    }

    @Test
    void theUiAndItsAssetsAreServedLocally() {
        String page = client.toBlocking().retrieve(HttpRequest.GET("/swagger-ui/index.html"));
        assertTrue(page.contains("/swagger/commerce-api.yml"));

        String bundle = client.toBlocking().retrieve(HttpRequest.GET("/swagger-ui/res/swagger-ui-bundle.js"));
        assertTrue(bundle.length() > 100_000, "the Swagger UI bundle itself, not a link to a CDN");
    }
}
