package com.example.commerce.contract.inventory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A product's stock after a change. An untracked product (stock never set, or tracking stopped) is always
 * available: onHand, reserved and available are null.
 *
 * @param available onHand - reserved, or null when not tracked
 */
@Serdeable
public record StockLevelPayload(long productId, boolean tracked, @Nullable Long onHand, @Nullable Long reserved,
                                @Nullable Long available) implements InventoryPayload {
}
