package com.example.commerce.api.catalog;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/**
 * Views of one product taken from {@code product_view_counts} for publishing: the sum of its shards (mapped as an
 * entity of that table so that the repository reads its columns by name).
 */
@MappedEntity("product_view_counts")
public record ViewCount(@Id long productId, long views) {
}
