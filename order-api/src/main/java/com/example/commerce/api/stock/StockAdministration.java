package com.example.commerce.api.stock;

import com.example.commerce.api.catalog.ProductRepository;
import com.example.commerce.api.error.ApiException;
import com.example.commerce.inventory.Inventory;
import com.example.commerce.inventory.StockConflictException;
import com.example.commerce.inventory.StockLevel;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Stock administration through the inventory module ({@link Inventory}), which owns the stock table and writes
 * its events: the product must exist (active or not), and a change the reservations forbid is a 409 whose context
 * says how much orders hold.
 */
@Singleton
public class StockAdministration {

    private final Inventory inventory;
    private final ProductRepository products;

    public StockAdministration(Inventory inventory, ProductRepository products) {
        this.inventory = inventory;
        this.products = products;
    }

    public StockLevel level(long productId) {
        requireProduct(productId);
        return inventory.level(productId);
    }

    public StockLevel set(long productId, long onHand) {
        requireProduct(productId);
        try {
            return inventory.set(productId, onHand);
        } catch (StockConflictException e) {
            throw conflict(e);
        }
    }

    public void untrack(long productId) {
        requireProduct(productId);
        try {
            inventory.untrack(productId);
        } catch (StockConflictException e) {
            throw conflict(e);
        }
    }

    private void requireProduct(long productId) {
        if (!products.existsById(productId)) {
            throw ApiException.notFound("product", productId);
        }
    }

    private static ApiException conflict(StockConflictException e) {
        return ApiException.conflict(e.reason(), e.getMessage(), Map.of("reserved", e.reserved()));
    }
}
