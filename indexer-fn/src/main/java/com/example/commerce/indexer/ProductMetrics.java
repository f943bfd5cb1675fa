package com.example.commerce.indexer;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A product's counters, kept by this function from catalog and order events. */
@MappedEntity("product_metrics")
public record ProductMetrics(@Id long productId, long likeCount, long viewCount, long salesCount,
                             long totalSalesAmount, long revision, Instant updatedAt) {
}
