package com.example.commerce.api.stock;

import com.example.commerce.inventory.Inventory;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** What an administrator sets: the quantity on hand, a whole number of units. */
@Serdeable
public record StockRequest(@NotNull @PositiveOrZero @Max(Inventory.MAX_ON_HAND) Long onHand) {
}
