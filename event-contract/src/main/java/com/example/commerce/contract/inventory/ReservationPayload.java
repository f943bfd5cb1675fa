package com.example.commerce.contract.inventory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What an event of an order's reservation is about: the order and the quantities concerned. Lines of products whose
 * stock is not tracked are left out (they are always available).
 *
 * @param lines     the quantities reserved, deducted or released (empty when the order holds nothing)
 * @param shortages STOCK_REJECTED only: the lines that could not be held, with what was available
 */
@Serdeable
public record ReservationPayload(long orderId, List<Line> lines, @Nullable List<Shortage> shortages)
        implements InventoryPayload {

    @Serdeable
    public record Line(long productId, long quantity) {
    }

    @Serdeable
    public record Shortage(long productId, long requested, long available) {
    }
}
