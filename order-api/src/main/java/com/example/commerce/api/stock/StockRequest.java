package com.example.commerce.api.stock;

import com.example.commerce.inventory.Inventory;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import java.math.BigDecimal;

/**
 * What an administrator sets: the quantity on hand, a whole number of units. Read as a decimal so that 1.5 is
 * refused rather than silently cut to 1.
 */
@Serdeable
public record StockRequest(
        @NotNull @PositiveOrZero @Max(Inventory.MAX_ON_HAND) @Digits(integer = 7, fraction = 0) BigDecimal onHand) {

    long units() {
        return onHand.longValueExact();
    }
}
