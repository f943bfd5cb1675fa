package com.example.commerce.local;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

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
    void theUiAndItsAssetsAreServedLocally() {
        String page = client.toBlocking().retrieve(HttpRequest.GET("/swagger-ui/index.html"));
        assertTrue(page.contains("/swagger/commerce-api.yml"));

        String bundle = client.toBlocking().retrieve(HttpRequest.GET("/swagger-ui/res/swagger-ui-bundle.js"));
        assertTrue(bundle.length() > 100_000, "the Swagger UI bundle itself, not a link to a CDN");
    }
}
