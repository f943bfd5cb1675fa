package com.example.commerce.notification;

import com.example.commerce.consumer.PrimingRecords;
import com.example.commerce.contract.Topics;
import com.example.commerce.platform.lambda.SnapStartPriming;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;


/**
 * notification-fn's hot path, run once before a SnapStart snapshot with nothing kept: an MSK event of three
 * synthetic records (an ORDER_CREATED, a PAYMENT_REFUNDED and a platform.messages MESSAGE_CREATED with a mention,
 * for a user and an order no real row has) is decoded, read and templated, and written with the delivery's real
 * statements (processed-event marks, notifications, NOTIFICATION_SENT through the outbox) in a transaction that
 * is rolled back ({@link NotificationProcessor#rehearse}). No Kafka client is involved: the rehearsal has no
 * dead-letter path, so the idempotent dead-letter producer is not created before the snapshot.
 */
@Singleton
@Requires(property = "crac.enabled", value = "true")
@Requires(beans = NotificationProcessor.class)
class NotificationPriming implements SnapStartPriming.Primer {

    static final String NAME = "notification delivery (3 synthetic events), rolled back";
    private static final int NOTIFICATIONS = 3;

    private final NotificationProcessor processor;

    NotificationPriming(NotificationProcessor processor) {
        this.processor = processor;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prime() {
        long user = PrimingRecords.id();
        long order = PrimingRecords.id();
        long channel = PrimingRecords.id();
        int created = processor.rehearse(PrimingRecords.fromMsk(
                PrimingRecords.event(Topics.ORDER_EVENTS, "ORDER_CREATED", "Order", order, 1, 1, """
                        {"orderId":%d,"userId":%d,"status":"PENDING","previousStatus":null,"totalAmount":12500,
                         "items":[]}""".formatted(order, user)),
                PrimingRecords.event(Topics.PAYMENT_EVENTS, "PAYMENT_REFUNDED", "Payment", order, 1, 1, """
                        {"orderId":%d,"userId":%d,"paymentId":%d,"amount":12500,"status":"REFUNDED",
                         "reference":null,"reason":null}""".formatted(order, user, order)),
                PrimingRecords.event(Topics.MESSAGES, "MESSAGE_CREATED", "Channel", channel, 1, 1, """
                        {"messageId":%d,"channelId":%d,"authorId":%d,"content":"priming","mentions":[%d],
                         "attachments":[],"createdAt":"2026-01-01T00:00:00Z","editedAt":null}"""
                        .formatted(channel, channel, PrimingRecords.id(), user))));
        if (created != NOTIFICATIONS) {
            throw new IllegalStateException("the rehearsal would have created " + created + " notifications, not "
                    + NOTIFICATIONS);
        }
    }
}
