package com.example.commerce.fulfillment.shipping;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Optional;

/** Every statement on the shipments table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ShipmentRepository extends GenericRepository<Shipment, Long> {

    Optional<Shipment> findByOrderId(long orderId);

    @Query("SELECT * FROM shipments WHERE order_id = :orderId FOR UPDATE")
    Optional<Shipment> lockByOrderId(long orderId);

    /**
     * The order's first shipment row, at version 1, as inserted; null if it has one already. A concurrent insert for
     * the same order waits on the unique key until the first commits, then finds it.
     */
    @Query("INSERT INTO shipments (order_id, status, carrier_reference, version) "
            + "VALUES (:orderId, :status, :carrierReference, 1) ON CONFLICT (order_id) DO NOTHING RETURNING *")
    @Nullable
    Shipment insertIfAbsent(long orderId, String status, @Nullable String carrierReference);

    /** Moves the shipment on, one version up; the row as updated. */
    @Query("UPDATE shipments SET status = :status, version = version + 1, updated_at = now() WHERE order_id = :orderId "
            + "RETURNING *")
    Shipment update(long orderId, String status);
}
