package com.example.commerce.api.search;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/** Product search, open to everyone like the catalog. */
@Controller("/api/search")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SearchController {

    private final ProductSearch search;

    public SearchController(ProductSearch search) {
        this.search = search;
    }

    @Get("/products")
    public SearchResult products(@Nullable @QueryValue String q, @Nullable @QueryValue String category,
                                 @Nullable @QueryValue String brand, @Nullable @QueryValue Long minPrice,
                                 @Nullable @QueryValue Long maxPrice, @Nullable @QueryValue String sort,
                                 @Nullable @QueryValue String inStock,
                                 @QueryValue(defaultValue = "1") int page,
                                 @QueryValue(defaultValue = "20") int size) {
        return search.search(SearchQuery.of(q, category, brand, minPrice, maxPrice, sort, inStock, page, size));
    }
}
