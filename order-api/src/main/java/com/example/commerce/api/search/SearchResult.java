package com.example.commerce.api.search;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * One page of search results with facets: per category and per brand, how many products match the query.
 *
 * @param facets facet name ({@code category}, {@code brand}) to its values, most frequent first
 */
@Serdeable
public record SearchResult(long total, int page, int size, List<Item> items, Map<String, List<FacetValue>> facets) {

    /**
     * @param highlightedName HTML: the name, escaped, with the words that matched the query wrapped in {@code <em>}
     * @param available       how many can be ordered now; null when the product's stock is not tracked (always
     *                        available)
     */
    @Serdeable
    public record Item(long id, String name, String highlightedName, String description, String category,
                       String brand, long price, long likeCount, long viewCount, long salesCount, String createdAt,
                       @Nullable Long available) {
    }

    @Serdeable
    public record FacetValue(String value, long count) {
    }
}
