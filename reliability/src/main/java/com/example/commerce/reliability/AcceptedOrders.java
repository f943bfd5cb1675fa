package com.example.commerce.reliability;

import com.example.commerce.contract.order.OrderEventType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API accepted, as the traffic saw it: every order it created and the transitions it confirmed. An
 * order is in at most one request at a time (taken from the pools below while its request runs), so pays and
 * cancels never race each other and every 409 would be a real fault.
 */
final class AcceptedOrders {

    /** One accepted order and what was confirmed about it. */
    static final class TrackedOrder {
        final long id;
        final int user;
        volatile boolean paid;
        volatile boolean cancelled;

        TrackedOrder(long id, int user) {
            this.id = id;
            this.user = user;
        }

        /** The notification types the order's confirmed transitions imply. */
        List<String> expectedNotifications() {
            var types = new ArrayList<>(List.of(OrderEventType.ORDER_CREATED.name()));
            if (paid) {
                types.add(OrderEventType.ORDER_PAID.name());
            }
            if (cancelled) {
                types.add(OrderEventType.ORDER_CANCELLED.name());
            }
            return types;
        }

        String expectedStatus() {
            return cancelled ? "CANCELLED" : paid ? "PAID" : "PENDING";
        }
    }

    private final Map<Long, TrackedOrder> orders = new ConcurrentHashMap<>();
    private final List<TrackedOrder> pending = new ArrayList<>();
    private final List<TrackedOrder> paid = new ArrayList<>();

    synchronized void created(TrackedOrder order) {
        if (orders.putIfAbsent(order.id, order) == null) {
            pending.add(order);
        }
    }

    /** A pending order for a pay request, taken out of the pools until {@link #release}; null if none. */
    synchronized TrackedOrder takePending(Random random) {
        return take(pending, random);
    }

    /** A pending or paid order for a cancel request; null if none. */
    synchronized TrackedOrder takeCancellable(Random random) {
        boolean fromPaid = !paid.isEmpty() && (pending.isEmpty() || random.nextBoolean());
        return take(fromPaid ? paid : pending, random);
    }

    /** Puts an order back into the pool its confirmed state belongs to (none once cancelled). */
    synchronized void release(TrackedOrder order) {
        if (!order.cancelled) {
            (order.paid ? paid : pending).add(order);
        }
    }

    private static TrackedOrder take(List<TrackedOrder> pool, Random random) {
        if (pool.isEmpty()) {
            return null;
        }
        int index = random.nextInt(pool.size());
        TrackedOrder order = pool.get(index);
        pool.set(index, pool.get(pool.size() - 1));
        pool.remove(pool.size() - 1);
        return order;
    }

    Collection<TrackedOrder> all() {
        return orders.values();
    }
}
