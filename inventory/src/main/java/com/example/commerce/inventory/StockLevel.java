package com.example.commerce.inventory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A product's stock as the API shows it. An untracked product (stock never set, or tracking stopped) is always
 * available: its numbers are null.
 *
 * @param available onHand - reserved: what an order can still reserve
 */
@Serdeable
public record StockLevel(long productId, @Nullable Long onHand, @Nullable Long reserved, @Nullable Long available) {

    public static StockLevel tracked(long productId, long onHand, long reserved) {
        return new StockLevel(productId, onHand, reserved, onHand - reserved);
    }

    public static StockLevel untracked(long productId) {
        return new StockLevel(productId, null, null, null);
    }

    public boolean tracked() {
        return onHand != null;
    }
}
