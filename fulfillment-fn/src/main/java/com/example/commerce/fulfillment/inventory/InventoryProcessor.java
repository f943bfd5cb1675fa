package com.example.commerce.fulfillment.inventory;

import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.consumer.idempotency.ProcessedEvents;
import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.order.OrderEventReader;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.contract.order.OrderPayload;
import com.example.commerce.fulfillment.FulfillmentDeadLetters;
import com.example.commerce.fulfillment.ParticipantProcessor;
import com.example.commerce.fulfillment.shipping.ShippingHandler;
import com.example.commerce.inventory.Inventory;
import com.example.commerce.inventory.ReservationLine;
import com.example.commerce.inventory.ReservationStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/**
 * The inventory participant of the saga (docs/saga.md), on {@code order-events}: ORDER_CREATED reserves the order's
 * lines, ORDER_PAID deducts them, STOCK_RELEASE_REQUESTED returns whatever the order holds; other types are
 * skipped. The {@link Inventory} decides by the reservation's state, so an event that comes again or too late
 * changes nothing. Both adapters, {@link InventoryEventListener} and {@link InventoryHandler}, call this service.
 */
@Singleton
// ConsumerHandler looks up the one EventBatchProcessor of its context: not in the shipping handler's.
@Requires(notEnv = ShippingHandler.ENVIRONMENT)
public class InventoryProcessor extends ParticipantProcessor {

    /** The consumer group, and the consumer name in processed_events and dead-letter headers. */
    public static final String CONSUMER = "fulfillment-inventory";

    private final OrderEventReader reader;
    private final Inventory inventory;

    public InventoryProcessor(JsonMapper json, Inventory inventory, ProcessedEvents processedEvents,
                              FulfillmentDeadLetters deadLetters, TransactionOperations<Connection> transactions,
                              MeterRegistry meters) {
        super(CONSUMER, processedEvents, deadLetters, transactions, meters);
        this.reader = new OrderEventReader(json);
        this.inventory = inventory;
    }

    @Override
    protected Optional<ReadEvent> read(IncomingEvent event) {
        Optional<ConsumedEvent<OrderEventType, OrderPayload>> read = reader.read(event.value());
        if (read.isEmpty()) {
            return Optional.empty();
        }
        ConsumedEvent<OrderEventType, OrderPayload> order = read.get();
        long orderId = order.payload().orderId();
        Change change = switch (order.type()) {
            case ORDER_CREATED -> {
                List<ReservationLine> lines = lines(order.payload());
                yield () -> inventory.reserve(orderId, lines).decided();
            }
            case ORDER_PAID -> () -> inventory.deduct(orderId);
            case STOCK_RELEASE_REQUESTED -> () -> inventory.release(orderId);
            default -> null;
        };
        return change == null ? Optional.empty() : Optional.of(new ReadEvent(order.eventId(), change));
    }

    /** The order's lines: a reservation cannot be decided without them. */
    private static List<ReservationLine> lines(OrderPayload order) {
        if (order.items() == null) {
            throw new MalformedEventException("items is missing: the order's lines cannot be reserved");
        }
        return order.items().stream().map(item -> new ReservationLine(item.productId(), item.quantity())).toList();
    }

    /** The order's reservation status, for the adapters' tests and operators. */
    public Optional<ReservationStatus> reservationStatus(long orderId) {
        return inventory.reservationStatus(orderId);
    }
}
