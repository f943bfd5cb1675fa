package com.example.commerce.fulfillment.inventory;

import com.example.commerce.consumer.PrimingRecords;
import com.example.commerce.contract.Topics;
import com.example.commerce.fulfillment.ParticipantProcessor;
import com.example.commerce.platform.lambda.SnapStartPriming;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;


/**
 * The inventory participant's hot path, run once before a SnapStart snapshot with nothing kept: a synthetic
 * ORDER_CREATED, decoded from an MSK event, is read and reserved with the real statements (the processed-event
 * mark, the reservation, the stock lookup, STOCK_RESERVED through the outbox) in a transaction that is rolled back
 * ({@link ParticipantProcessor#rehearse}). Its order and product are ids no real row has, so no real stock row is
 * locked or changed, not even for the rehearsal's transaction. No Kafka client is involved: the rehearsal has no
 * dead-letter path, so the idempotent dead-letter producer is not created before the snapshot.
 */
@Singleton
@Requires(property = "crac.enabled", value = "true")
@Requires(beans = InventoryProcessor.class)
class InventoryPriming implements SnapStartPriming.Primer {

    static final String NAME = "inventory: synthetic ORDER_CREATED reserved, rolled back";

    private final InventoryProcessor processor;

    InventoryPriming(InventoryProcessor processor) {
        this.processor = processor;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prime() {
        long order = PrimingRecords.id();
        var records = PrimingRecords.fromMsk(PrimingRecords.event(Topics.ORDER_EVENTS, "ORDER_CREATED", "Order", order,
                1, 1, """
                {"orderId":%d,"userId":%d,"status":"PENDING","previousStatus":null,"totalAmount":2000,
                 "items":[{"productId":%d,"productName":"priming","unitPrice":1000,"quantity":2,"lineTotal":2000}],
                 "cancellationReason":null}""".formatted(order, PrimingRecords.id(), PrimingRecords.id())));
        var outcome = processor.rehearse(records.get(0));
        if (outcome != ParticipantProcessor.Outcome.APPLIED) {
            throw new IllegalStateException("the rehearsed reservation was " + outcome + ", not APPLIED");
        }
    }
}
