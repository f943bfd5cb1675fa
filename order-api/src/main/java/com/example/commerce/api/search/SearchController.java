package com.example.commerce.api.search;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.concurrent.CompletableFuture;

/**
 * Product search, open to everyone like the catalog. Non-blocking: the route returns the search's future, so no
 * thread waits for Elasticsearch (the query's validation runs on the event loop and does no I/O).
 */
@Controller("/api/search")
@Secured(SecurityRule.IS_ANONYMOUS)
public class SearchController {

    private final ProductSearch search;

    public SearchController(ProductSearch search) {
        this.search = search;
    }

    @Get("/products")
    public CompletableFuture<SearchResult> products(@Nullable @QueryValue String q,
                                                    @Nullable @QueryValue String category,
                                                    @Nullable @QueryValue String brand,
                                                    @Nullable @QueryValue Long minPrice,
                                                    @Nullable @QueryValue Long maxPrice,
                                                    @Nullable @QueryValue String sort,
                                                    @Nullable @QueryValue String inStock,
                                                    @QueryValue(defaultValue = "1") int page,
                                                    @QueryValue(defaultValue = "20") int size) {
        return search.search(SearchQuery.of(q, category, brand, minPrice, maxPrice, sort, inStock, page, size));
    }
}
