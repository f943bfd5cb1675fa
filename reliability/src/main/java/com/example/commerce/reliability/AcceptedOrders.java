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
 * order is in at most one request at a time (taken from the pools below while its request runs), so the
 * traffic's own requests never race each other; a 409 can only come from the saga (an order it cancelled, a
 * shipment not scheduled yet), and the verification checks each such claim.
 */
final class AcceptedOrders {

    /** One accepted order and what was confirmed about it. */
    static final class TrackedOrder {
        final long id;
        final int user;
        volatile boolean paid;
        volatile boolean cancelled;
        volatile boolean shipped;
        volatile boolean delivered;
        /** A pay answered 202: the gateway did not answer in time, reconciliation settles it. */
        volatile boolean paymentUnknown;
        /**
         * The unknown payment may also turn out failed (any token but tok_timeout, which the sandbox always
         * captures): the order then stays unpaid until the payment time-out cancels it.
         */
        volatile boolean paymentMayFail;
        /**
         * A pay, cancel or ship was refused 409 because the saga had cancelled the order (out of stock, or unpaid
         * too long): the verification checks that it was.
         */
        volatile boolean cancelledBySaga;

        TrackedOrder(long id, int user) {
            this.id = id;
            this.user = user;
        }

        /** The notification types the order's confirmed transitions imply (each at least once, exactly once). */
        List<String> expectedNotifications() {
            var types = new ArrayList<>(List.of(OrderEventType.ORDER_CREATED.name()));
            if (paid) {
                types.add(OrderEventType.ORDER_PAID.name());
            }
            if (cancelled || cancelledBySaga) {
                types.add(OrderEventType.ORDER_CANCELLED.name());
            }
            if (shipped) {
                types.add(OrderEventType.ORDER_SHIPPED.name());
            }
            if (delivered) {
                types.add(OrderEventType.ORDER_DELIVERED.name());
            }
            return types;
        }

        /**
         * The statuses the order may have after the run, given what was confirmed: the saga may still cancel a
         * paid order it could not reserve, and cancels unpaid ones after the payment time-out.
         */
        List<String> allowedStatuses() {
            if (delivered) {
                return List.of("DELIVERED");
            }
            if (shipped) {
                return List.of("SHIPPED");
            }
            if (cancelled) {
                return List.of("CANCELLED/USER");
            }
            if (cancelledBySaga) {
                return List.of("CANCELLED/OUT_OF_STOCK", "CANCELLED/PAYMENT_TIMEOUT");
            }
            if (paymentUnknown && paymentMayFail) {
                return List.of("PAID", "PENDING", "CANCELLED/OUT_OF_STOCK", "CANCELLED/PAYMENT_TIMEOUT");
            }
            if (paid || paymentUnknown) {
                return List.of("PAID", "CANCELLED/OUT_OF_STOCK");
            }
            return List.of("PENDING", "CANCELLED/OUT_OF_STOCK", "CANCELLED/PAYMENT_TIMEOUT");
        }
    }

    private final Map<Long, TrackedOrder> orders = new ConcurrentHashMap<>();
    private final List<TrackedOrder> pending = new ArrayList<>();
    private final List<TrackedOrder> paid = new ArrayList<>();
    private final List<TrackedOrder> shipped = new ArrayList<>();

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

    /** A paid order for the administrator to ship; null if none. */
    synchronized TrackedOrder takePaid(Random random) {
        return take(paid, random);
    }

    /** A shipped order for the administrator to mark delivered; null if none. */
    synchronized TrackedOrder takeShipped(Random random) {
        return take(shipped, random);
    }

    /**
     * Puts an order back into the pool its confirmed state belongs to: none once cancelled, delivered, or its
     * payment's outcome is left to reconciliation.
     */
    synchronized void release(TrackedOrder order) {
        if (order.cancelled || order.cancelledBySaga || order.delivered || order.paymentUnknown) {
            return;
        }
        (order.shipped ? shipped : order.paid ? paid : pending).add(order);
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
