package com.example.commerce.api.search;

import com.example.commerce.api.error.ApiException;
import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;
import java.util.Map;

/**
 * The parameters of a product search, checked: a bad one is a 400 naming it.
 *
 * @param inStock only products that can be ordered now: untracked stock (always available) or some available
 */
public record SearchQuery(@Nullable String q, @Nullable String category, @Nullable String brand,
                          @Nullable Long minPrice, @Nullable Long maxPrice, Sort sort, boolean inStock, int page,
                          int size) {

    public static final int MAX_SIZE = 100;
    /** Elasticsearch's default max_result_window: results beyond it cannot be paged to. */
    public static final int MAX_RESULT_WINDOW = 10_000;
    public static final int MAX_QUERY_LENGTH = 200;

    public enum Sort {
        RELEVANCE, PRICE_ASC, PRICE_DESC, NEWEST, POPULAR;

        static Sort parse(@Nullable String value) {
            if (value == null || value.isBlank()) {
                return RELEVANCE;
            }
            return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(value)).findFirst()
                    .orElseThrow(() -> invalid("sort", "sort must be one of relevance, price_asc, price_desc, "
                            + "newest, popular"));
        }
    }

    static SearchQuery of(@Nullable String q, @Nullable String category, @Nullable String brand,
                          @Nullable Long minPrice, @Nullable Long maxPrice, @Nullable String sort,
                          @Nullable String inStock, int page, int size) {
        if (page < 1) {
            throw invalid("page", "page must be 1 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw invalid("size", "size must be between 1 and " + MAX_SIZE);
        }
        if ((long) page * size > MAX_RESULT_WINDOW) {
            throw invalid("page", "page × size must not exceed " + MAX_RESULT_WINDOW + "; narrow the query instead");
        }
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            throw invalid("q", "q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        if (minPrice != null && minPrice < 0) {
            throw invalid("minPrice", "minPrice must not be negative");
        }
        if (maxPrice != null && maxPrice < 0) {
            throw invalid("maxPrice", "maxPrice must not be negative");
        }
        if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
            throw invalid("minPrice", "minPrice must not be greater than maxPrice");
        }
        return new SearchQuery(blankToNull(q), blankToNull(category), blankToNull(brand), minPrice, maxPrice,
                Sort.parse(sort), inStock(inStock), page, size);
    }

    /** Absent: every product; {@code true} or {@code false}, nothing else. */
    private static boolean inStock(@Nullable String value) {
        if (value == null || "false".equalsIgnoreCase(value)) {
            return false;
        }
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        throw invalid("inStock", "inStock must be true or false");
    }

    private static String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static ApiException invalid(String parameter, String detail) {
        return ApiException.badRequest("invalid-search-parameter", detail, Map.of("parameter", parameter));
    }
}
