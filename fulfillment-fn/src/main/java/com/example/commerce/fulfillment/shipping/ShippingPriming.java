package com.example.commerce.fulfillment.shipping;

import com.example.commerce.consumer.PrimingRecords;
import com.example.commerce.contract.Topics;
import com.example.commerce.fulfillment.ParticipantProcessor;
import com.example.commerce.platform.lambda.SnapStartPriming;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;


/**
 * The shipping participant's hot path, run once before a SnapStart snapshot with nothing kept: a synthetic
 * ORDER_CANCELLED, decoded from an MSK event, is read and applied with the real statements (the processed-event
 * mark, the shipment lock, the CANCELLED tombstone, SHIPMENT_CANCELLED through the outbox) in a transaction that is
 * rolled back ({@link ParticipantProcessor#rehearse}). A cancellation, not a STOCK_DEDUCTED: scheduling books the
 * carrier, an effect outside the database that no rollback would undo, and cancelling an order that has no
 * shipment (the synthetic order's id is one no real row has) never calls the carrier. No Kafka client is involved:
 * the rehearsal has no dead-letter path, so the idempotent dead-letter producer is not created before the snapshot.
 */
@Singleton
@Requires(property = "crac.enabled", value = "true")
@Requires(beans = ShippingProcessor.class)
class ShippingPriming implements SnapStartPriming.Primer {

    static final String NAME = "shipping: synthetic ORDER_CANCELLED applied, rolled back";

    private final ShippingProcessor processor;

    ShippingPriming(ShippingProcessor processor) {
        this.processor = processor;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prime() {
        long order = PrimingRecords.id();
        var records = PrimingRecords.fromMsk(PrimingRecords.event(Topics.ORDER_EVENTS, "ORDER_CANCELLED", "Order",
                order, 2, 1, """
                {"orderId":%d,"userId":%d,"status":"CANCELLED","previousStatus":"PENDING","totalAmount":2000,
                 "items":[],"cancellationReason":"PAYMENT_TIMEOUT"}""".formatted(order, PrimingRecords.id())));
        var outcome = processor.rehearse(records.get(0));
        if (outcome != ParticipantProcessor.Outcome.APPLIED) {
            throw new IllegalStateException("the rehearsed cancellation was " + outcome + ", not APPLIED");
        }
    }
}
