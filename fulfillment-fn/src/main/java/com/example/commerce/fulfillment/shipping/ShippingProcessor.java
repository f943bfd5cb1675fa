package com.example.commerce.fulfillment.shipping;

import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.consumer.idempotency.ProcessedEvents;
import com.example.commerce.contract.Topics;
import com.example.commerce.contract.UnprocessableEventException;
import com.example.commerce.contract.inventory.InventoryEventReader;
import com.example.commerce.contract.inventory.InventoryEventType;
import com.example.commerce.contract.inventory.ReservationPayload;
import com.example.commerce.contract.order.OrderEventReader;
import com.example.commerce.fulfillment.FulfillmentDeadLetters;
import com.example.commerce.fulfillment.ParticipantProcessor;
import com.example.commerce.fulfillment.inventory.InventoryHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.Optional;

/**
 * The shipping participant of the saga (docs/saga.md): on {@code inventory-events}, STOCK_DEDUCTED schedules the
 * order's shipment; on {@code order-events}, ORDER_CANCELLED cancels it (the first compensation step),
 * ORDER_SHIPPED and ORDER_DELIVERED follow it. Other types are skipped. Both adapters,
 * {@link ShippingEventListener} and {@link ShippingHandler}, call this service.
 */
@Singleton
// ConsumerHandler looks up the one EventBatchProcessor of its context: not in the inventory handler's.
@Requires(notEnv = InventoryHandler.ENVIRONMENT)
public class ShippingProcessor extends ParticipantProcessor {

    /** The consumer group (locally), and the consumer name in processed_events and dead-letter headers. */
    public static final String CONSUMER = "fulfillment-shipping";

    private final OrderEventReader orders;
    private final InventoryEventReader inventory;
    private final Shipping shipping;

    public ShippingProcessor(JsonMapper json, Shipping shipping, ProcessedEvents processedEvents,
                             FulfillmentDeadLetters deadLetters, TransactionOperations<Connection> transactions,
                             MeterRegistry meters) {
        super(CONSUMER, processedEvents, deadLetters, transactions, meters);
        this.orders = new OrderEventReader(json);
        this.inventory = new InventoryEventReader(json);
        this.shipping = shipping;
    }

    @Override
    protected Optional<ReadEvent> read(IncomingEvent event) {
        return switch (event.topic()) {
            case Topics.INVENTORY_EVENTS -> inventory.read(event.value())
                    .filter(stock -> stock.type() == InventoryEventType.STOCK_DEDUCTED)
                    .map(stock -> {
                        long orderId = ((ReservationPayload) stock.payload()).orderId();
                        return new ReadEvent(stock.eventId(), () -> shipping.schedule(orderId));
                    });
            case Topics.ORDER_EVENTS -> orders.read(event.value()).flatMap(order -> {
                long orderId = order.payload().orderId();
                Change change = switch (order.type()) {
                    case ORDER_CANCELLED -> () -> shipping.cancel(orderId);
                    case ORDER_SHIPPED -> () -> shipping.ship(orderId);
                    case ORDER_DELIVERED -> () -> shipping.deliver(orderId);
                    default -> null;
                };
                return Optional.ofNullable(change).map(c -> new ReadEvent(order.eventId(), c));
            });
            default -> throw new UnprocessableEventException("shipping does not consume topic " + event.topic());
        };
    }
}
