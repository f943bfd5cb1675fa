package com.example.commerce.inventory;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * A product's stock row. Not tracked (tracking stopped): always available, whatever on_hand says. The row stays
 * when tracking stops, so that the Stock aggregate's version keeps growing.
 */
@MappedEntity("stock")
public record Stock(@Id long productId, boolean tracked, long onHand, long reserved, long version,
                    Instant updatedAt) {

    public long available() {
        return onHand - reserved;
    }

    StockLevel level() {
        return tracked ? StockLevel.tracked(productId, onHand, reserved) : StockLevel.untracked(productId);
    }
}
