package com.example.commerce.api.web;

import com.example.commerce.api.error.ApiException;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;

import java.util.Map;

/** Validates 1-based page parameters; out-of-range values are a 400, never silently clamped. */
public final class Paging {

    public static final int MAX_SIZE = 100;

    private Paging() {
    }

    public static Pageable of(int page, int size, Sort sort) {
        if (page < 1) {
            throw ApiException.badRequest("invalid-page", "page must be 1 or more", Map.of("field", "page"));
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.badRequest("invalid-page-size", "size must be between 1 and " + MAX_SIZE,
                    Map.of("field", "size"));
        }
        return Pageable.from(page - 1, size, sort);
    }
}
