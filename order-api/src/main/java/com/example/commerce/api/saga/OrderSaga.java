package com.example.commerce.api.saga;

import com.example.commerce.api.order.CancellationReason;
import com.example.commerce.api.order.Order;
import com.example.commerce.api.order.OrderRepository;
import com.example.commerce.api.order.OrderStatus;
import com.example.commerce.consumer.EventBatchProcessor;
import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.consumer.PoisonRecords;
import com.example.commerce.consumer.idempotency.ProcessedEvents;
import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Topics;
import com.example.commerce.contract.inventory.InventoryEventReader;
import com.example.commerce.contract.inventory.InventoryEventType;
import com.example.commerce.contract.inventory.InventoryPayload;
import com.example.commerce.contract.inventory.ReservationPayload;
import com.example.commerce.contract.shipping.ShipmentPayload;
import com.example.commerce.contract.shipping.ShippingEventReader;
import com.example.commerce.contract.shipping.ShippingEventType;
import com.example.commerce.platform.trace.TraceLogContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The orchestrator of the order fulfilment saga (docs/saga.md): consumes the participants' events from
 * {@code inventory-events} and {@code shipping-events} and advances each order's saga. Every event is applied once
 * (its processed-event mark is written in the transaction of its effect) and only if it moves the saga forward, so
 * a duplicate or late event changes nothing. A record that can never be processed goes to its topic's dead-letter
 * topic; any other failure is retried. Both adapters, {@link OrderSagaListener} and {@link OrderSagaHandler}, call
 * this service.
 */
@Singleton
public class OrderSaga implements EventBatchProcessor {

    /** The consumer group, and the consumer name in processed_events and dead-letter headers. */
    public static final String CONSUMER = "order-saga";
    private static final Logger LOG = LoggerFactory.getLogger(OrderSaga.class);
    private static final Map<String, Integer> STOCK_ORDER = Map.of("RESERVED", 1, "REJECTED", 1, "DEDUCTED", 2,
            "RELEASED", 3);
    private static final Map<String, Integer> SHIPMENT_ORDER = Map.of("SCHEDULED", 1, "CANCELLED", 2, "SHIPPED", 2,
            "DELIVERED", 3);

    /** The participants' reports that only record progress in the saga row: no compensation, no order change. */
    private static final Set<String> FORWARD = Set.of("STOCK_RESERVED", "STOCK_DEDUCTED",
            "SHIPMENT_SCHEDULED", "SHIPMENT_SHIPPED", "SHIPMENT_DELIVERED");

    /** At most this many events of a delivery are applied in one transaction (see {@link #process(List)}). */
    static final int EVENTS_PER_TRANSACTION = 50;

    /** What became of one record. */
    public enum Outcome { APPLIED, DUPLICATE, SKIPPED, DEAD_LETTERED }

    private final InventoryEventReader inventoryEvents;
    private final ShippingEventReader shippingEvents;
    private final OrderRepository orders;
    private final SagaStateRepository sagas;
    private final SagaHistory history;
    private final Cancellations cancellations;
    private final Compensation compensation;
    private final ProcessedEvents processedEvents;
    private final BeanProvider<SagaDeadLetters> deadLetters;
    private final SagaConfiguration config;
    private final TransactionOperations<Connection> transactions;

    public OrderSaga(JsonMapper json, OrderRepository orders, SagaStateRepository sagas, SagaHistory history,
                     Cancellations cancellations, Compensation compensation, ProcessedEvents processedEvents,
                     BeanProvider<SagaDeadLetters> deadLetters, SagaConfiguration config,
                     TransactionOperations<Connection> transactions) {
        this.inventoryEvents = new InventoryEventReader(json);
        this.shippingEvents = new ShippingEventReader(json);
        this.orders = orders;
        this.sagas = sagas;
        this.history = history;
        this.cancellations = cancellations;
        this.compensation = compensation;
        this.processedEvents = processedEvents;
        // The producer is created only when a record has to be dead-lettered.
        this.deadLetters = deadLetters;
        this.config = config;
        this.transactions = transactions;
    }

    @Override
    public String consumerName() {
        return CONSUMER;
    }

    /**
     * A delivery (one poll, one MSK invocation), {@value #EVENTS_PER_TRANSACTION} events per transaction: the marks
     * of a transaction's events in one statement, then each event marked now applied in delivery order, and the
     * compensation steps that became due taken after the commit. Fewer commits and marks than a transaction per
     * event; at most that many orders stay locked until the commit, so that a request that waits for one of them
     * (paying, cancelling) waits for a short transaction. A transaction the database refuses as data is written
     * again one event per transaction ({@link #process(IncomingEvent)}), so that only the refused event is
     * dead-lettered; any other failure is thrown, and the delivery retried: what committed before comes again as
     * duplicates.
     */
    @Override
    public void process(List<IncomingEvent> batch) {
        if (batch.size() == 1) {
            process(batch.get(0));
            return;
        }
        var pending = new ArrayList<Pending>();
        var malformed = new ArrayList<Map.Entry<IncomingEvent, String>>();
        var seen = new HashSet<UUID>();
        for (IncomingEvent record : batch) {
            Optional<SagaEvent> parsed;
            try {
                parsed = TraceLogContext.around(record.trace(), () -> parse(record));
            } catch (MalformedEventException e) {
                malformed.add(Map.entry(record, e.getMessage()));
                continue;
            }
            // The same event twice in one delivery is applied once: the second finds the first one's mark.
            parsed.filter(event -> seen.add(event.eventId()))
                    .ifPresent(event -> pending.add(new Pending(record, event)));
        }
        for (int from = 0; from < pending.size(); from += EVENTS_PER_TRANSACTION) {
            applyTogether(pending.subList(from, Math.min(pending.size(), from + EVENTS_PER_TRANSACTION)));
        }
        // Only once the delivery is written: a delivery retried for a transient failure dead-letters a malformed
        // record once, not once per attempt.
        for (var dead : malformed) {
            TraceLogContext.around(dead.getKey().trace(), () -> {
                LOG.warn("Dead-lettering malformed record {}: {}", dead.getKey().position(), dead.getValue());
                deadLetters.get().publish(dead.getKey(), CONSUMER, dead.getValue());
                return Outcome.DEAD_LETTERED;
            });
        }
    }

    /** A record the saga acts on, with its event. */
    private record Pending(IncomingEvent record, SagaEvent event) {
    }

    private void applyTogether(List<Pending> events) {
        Map<Long, IncomingEvent> advanceAfter;
        try {
            advanceAfter = transactions.executeWrite(tx -> {
                Set<UUID> marked = processedEvents.markProcessed(tx.getConnection(), CONSUMER,
                        events.stream().map(p -> p.event().eventId()).toList());
                // Each order whose compensation step became due, with the record that made it due.
                var due = new LinkedHashMap<Long, IncomingEvent>();
                for (Pending p : events) {
                    if (marked.contains(p.event().eventId())
                            && TraceLogContext.around(p.record().trace(), () -> apply(p.event()))) {
                        due.putIfAbsent(p.event().orderId(), p.record());
                    }
                }
                return due;
            });
        } catch (RuntimeException e) {
            if (PoisonRecords.permanentCause(e) == null) {
                LOG.warn("{} saga events from {} not processed, to be retried: {}", events.size(),
                        events.get(0).record().position(), e.toString());
                throw e;
            }
            LOG.warn("{} saga events refused by the database; applying them one at a time", events.size());
            events.forEach(p -> process(p.record()));
            return;
        }
        // Under the trace of the event that made the step due, which the events the step writes continue.
        advanceAfter.forEach((orderId, record) -> TraceLogContext.around(record.trace(), () -> {
            advance(orderId);
            return null;
        }));
    }

    private void advance(long orderId) {
        try {
            compensation.advance(orderId);
        } catch (RuntimeException e) {
            // The step stays due: the timer takes it once its lease ends.
            LOG.warn("Compensation of order {} failed; the timer retries it: {}", orderId, e.toString());
        }
    }

    /**
     * One record. Throws if it could not be processed now: the caller retries it, never skips it. Logged under the
     * record's trace, which the events it writes continue ({@link TraceLogContext}).
     */
    public Outcome process(IncomingEvent record) {
        return TraceLogContext.around(record.trace(), () -> {
            try {
                return attempt(record);
            } catch (RuntimeException e) {
                LOG.warn("Saga event {} not processed, to be retried: {}", record.position(), e.toString());
                throw e;
            }
        });
    }

    /** A participant's event, as the saga needs it. */
    private record SagaEvent(UUID eventId, String type, long orderId, Object payload) {
    }

    private Outcome attempt(IncomingEvent record) {
        Optional<SagaEvent> parsed;
        try {
            parsed = parse(record);
        } catch (MalformedEventException e) {
            LOG.warn("Dead-lettering malformed record {}: {}", record.position(), e.getMessage());
            deadLetters.get().publish(record, CONSUMER, e.getMessage());
            return Outcome.DEAD_LETTERED;
        }
        if (parsed.isEmpty()) {
            return Outcome.SKIPPED;
        }
        SagaEvent event = parsed.get();
        Optional<Boolean> advanceAfter;
        try {
            advanceAfter = transactions.executeWrite(tx -> {
                if (!processedEvents.markProcessed(CONSUMER, event.eventId())) {
                    return Optional.empty();
                }
                return Optional.of(apply(event));
            });
        } catch (RuntimeException e) {
            String cause = PoisonRecords.permanentCause(e);
            if (cause == null) {
                throw e;
            }
            LOG.warn("Dead-lettering record {} the database refuses: {}", record.position(), cause);
            deadLetters.get().publish(record, CONSUMER, cause);
            return Outcome.DEAD_LETTERED;
        }
        if (advanceAfter.isEmpty()) {
            return Outcome.DUPLICATE;
        }
        if (advanceAfter.get()) {
            advance(event.orderId());
        }
        return Outcome.APPLIED;
    }

    private Optional<SagaEvent> parse(IncomingEvent record) {
        if (Topics.INVENTORY_EVENTS.equals(record.topic())) {
            Optional<ConsumedEvent<InventoryEventType, InventoryPayload>> read = inventoryEvents.read(record.value());
            return read.filter(e -> e.payload() instanceof ReservationPayload).map(e -> new SagaEvent(e.eventId(),
                    e.type().name(), ((ReservationPayload) e.payload()).orderId(), e.payload()));
        }
        if (Topics.SHIPPING_EVENTS.equals(record.topic())) {
            return shippingEvents.read(record.value()).map(e -> new SagaEvent(e.eventId(), e.type().name(),
                    e.payload().orderId(), e.payload()));
        }
        LOG.warn("Skipping record {} of a topic the saga does not consume", record.position());
        return Optional.empty();
    }

    /** @return whether a compensation step became due and is to be taken right after the commit */
    private boolean apply(SagaEvent event) {
        long orderId = event.orderId();
        if (FORWARD.contains(event.type())) {
            // The forward path's reports change the saga row alone: one statement locks it and its order (a request
            // that holds the order may be about to change the saga). Every order placed since sagas began has one;
            // an older order gets its saga here.
            sagas.lockWithItsOrder(orderId)
                    .or(() -> lockOrderAndSaga(event).map(LockedOrder::saga))
                    .ifPresent(saga -> forward(saga, event));
            return false;
        }
        Optional<LockedOrder> locked = lockOrderAndSaga(event);
        if (locked.isEmpty()) {
            return false;
        }
        Order order = locked.get().order();
        SagaState saga = locked.get().saga();
        switch (event.type()) {
            case "STOCK_REJECTED" -> {
                if (stock(saga, "REJECTED", Steps.FAILED, shortages((ReservationPayload) event.payload()))
                        && (order.status() == OrderStatus.PENDING || order.status() == OrderStatus.PAID)) {
                    cancellations.cancel(order, CancellationReason.OUT_OF_STOCK);
                }
            }
            case "STOCK_RELEASED" -> {
                if (stock(saga, "RELEASED", Steps.DONE, "released")) {
                    SagaState current = sagas.findById(orderId).orElseThrow();
                    if (current.status() == SagaStatus.COMPENSATING && Steps.RELEASE_STOCK.equals(current.step())) {
                        sagas.store(current.withStatus(SagaStatus.COMPENSATED).atStep(null, null));
                        history.record(orderId, Steps.RELEASE_STOCK, Steps.DONE, "compensated");
                    }
                }
            }
            case "SHIPMENT_CANCELLED" -> {
                shipment(saga, (ShipmentPayload) event.payload());
                SagaState current = sagas.findById(orderId).orElseThrow();
                if (current.status() == SagaStatus.COMPENSATING && Steps.CANCEL_SHIPMENT.equals(current.step())) {
                    history.record(orderId, Steps.CANCEL_SHIPMENT, Steps.DONE, null);
                    // Taken right after this commit; should that fail, the timer takes it once the lease ends.
                    sagas.store(current.atStep(Steps.REFUND, Instant.now().plus(config.lease())));
                    return true;
                }
            }
            default -> LOG.debug("Ignoring {} of order {}", event.type(), orderId);
        }
        return false;
    }

    /** An order and its saga, both locked for the rest of the transaction. */
    private record LockedOrder(Order order, SagaState saga) {
    }

    /** Locks the event's order and its saga, creating the saga if the order has none; empty for an unknown order. */
    private Optional<LockedOrder> lockOrderAndSaga(SagaEvent event) {
        Optional<Order> order = orders.findByIdForUpdate(event.orderId());
        if (order.isEmpty()) {
            LOG.warn("Ignoring {} of unknown order {}", event.type(), event.orderId());
            return Optional.empty();
        }
        return Optional.of(new LockedOrder(order.get(), sagas.lockOrCreate(event.orderId())));
    }

    /** A report of the forward path ({@link #FORWARD}), recorded if it moves the saga on. */
    private void forward(SagaState saga, SagaEvent event) {
        switch (event.type()) {
            case "STOCK_RESERVED" -> stock(saga, "RESERVED", Steps.DONE, "reserved");
            case "STOCK_DEDUCTED" -> stock(saga, "DEDUCTED", Steps.DONE, "deducted");
            default -> shipment(saga, (ShipmentPayload) event.payload());
        }
    }

    /** Records the inventory's report if it moves the reservation forward; @return whether it did. */
    private boolean stock(SagaState saga, String status, String outcome, @Nullable String detail) {
        if (!isForward(STOCK_ORDER, saga.stockStatus(), status)) {
            return false;
        }
        history.record(saga.withStock(status), Steps.STOCK, outcome, status + (detail == null ? "" : ": " + detail));
        return true;
    }

    private void shipment(SagaState saga, ShipmentPayload shipment) {
        String status = shipment.status();
        if (status == null || !isForward(SHIPMENT_ORDER, saga.shipmentStatus(), status)) {
            return;
        }
        String reference = shipment.carrierReference() != null ? shipment.carrierReference()
                : saga.shipmentReference();
        history.record(saga.withShipment(status, reference), Steps.SHIPMENT, Steps.DONE,
                status + (reference == null ? "" : " " + reference));
    }

    private static boolean isForward(Map<String, Integer> order, @Nullable String current, String next) {
        Integer rank = order.get(next);
        if (rank == null) {
            return false;
        }
        return current == null || order.getOrDefault(current, 0) < rank;
    }

    private static String shortages(ReservationPayload payload) {
        if (payload.shortages() == null || payload.shortages().isEmpty()) {
            return null;
        }
        var text = new StringBuilder();
        payload.shortages().forEach(s -> text.append(text.isEmpty() ? "" : ", ").append("product ")
                .append(s.productId()).append(": ").append(s.requested()).append(" requested, ")
                .append(s.available()).append(" available"));
        return text.toString();
    }
}
