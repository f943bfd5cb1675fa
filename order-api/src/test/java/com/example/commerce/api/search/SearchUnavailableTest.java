package com.example.commerce.api.search;

import com.example.commerce.api.ApiTestBase;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With Elasticsearch unreachable, search answers 503 with a problem body, at once. */
@MicronautTest(environments = "order-api", transactional = false)
@Property(name = "elasticsearch.http-hosts", value = "http://127.0.0.1:9")
class SearchUnavailableTest extends ApiTestBase {

    @Test
    void elasticsearchDownIsA503() {
        var answer = assertProblem(503, api.send(HttpRequest.GET("/api/search/products?q=anything")));
        assertEquals("Search is unavailable at the moment; try again shortly", answer.get("detail"));
    }
}
