package com.example.commerce.indexer;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What one catalog or order event means to search: the products whose documents must be rewritten, and the
 * changes to their metrics.
 */
public record IndexerEvent(UUID eventId, String eventType, Set<Long> products, List<MetricChange> changes) {

    /** Increments (negative to undo) of one product's metrics. */
    public record MetricChange(long productId, long likes, long views, long salesCount, long salesAmount) {
    }
}
