package com.example.commerce.api.admin;

import com.example.commerce.api.order.OrderView;
import com.example.commerce.api.saga.SagaAdministration;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Patch;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

/** Any user's order, as an administrator changes it: cancel (before shipping), ship, deliver. */
@Controller("/api/admin/orders")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OrderAdminController {

    private final SagaAdministration administration;

    public OrderAdminController(SagaAdministration administration) {
        this.administration = administration;
    }

    /** A PENDING or PAID order; the saga refunds a captured payment and returns the stock. */
    @Patch("/{id}/cancel")
    public OrderView cancel(long id) {
        return administration.cancel(id);
    }

    /** A PAID order whose shipment is SCHEDULED. */
    @Patch("/{id}/ship")
    public OrderView ship(long id) {
        return administration.ship(id);
    }

    /** A SHIPPED order. */
    @Patch("/{id}/deliver")
    public OrderView deliver(long id) {
        return administration.deliver(id);
    }
}
