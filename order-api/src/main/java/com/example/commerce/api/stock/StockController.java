package com.example.commerce.api.stock;

import com.example.commerce.inventory.StockLevel;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import jakarta.validation.Valid;

/**
 * A product's stock: set what is on hand (the product is tracked from then on), read it, stop tracking it (always
 * available again). An untracked product shows null numbers.
 */
@Controller("/api/admin/products/{id}/stock")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StockController {

    private final StockAdministration stock;

    public StockController(StockAdministration stock) {
        this.stock = stock;
    }

    @Get
    public StockLevel get(long id) {
        return stock.level(id);
    }

    @Put
    public StockLevel set(long id, @Valid @Body StockRequest request) {
        return stock.set(id, request.units());
    }

    @Delete
    @Status(HttpStatus.NO_CONTENT)
    public void untrack(long id) {
        stock.untrack(id);
    }
}
