package com.example.commerce.reliability;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fulfilment saga's invariants after the run, each against the tables of the participant that owns the fact:
 * stock is conserved, every captured charge of a cancelled order was refunded exactly once, no cancelled order
 * ships, every order that went on was charged exactly once, and every saga finished.
 */
final class SagaVerification {

    private final Verification.Query query;
    private final Map<Long, Long> initialStock;

    SagaVerification(Verification.Query query, Map<Long, Long> initialStock) {
        this.query = query;
        this.initialStock = initialStock;
    }

    List<Verification.Check> run() throws SQLException {
        return List.of(stockConserved(), refundedExactlyOnce(), noShipmentOfACancelledOrder(), chargedExactlyOnce(),
                everySagaFinished());
    }

    /**
     * For every stock-limited product: the quantity set before the traffic = available + reserved + deducted (the
     * lines of reservations that are still RESERVED or DEDUCTED), never negative.
     */
    private Verification.Check stockConserved() throws SQLException {
        Map<Long, long[]> held = new HashMap<>();
        query.run("""
                SELECT l.product_id,
                       coalesce(sum(l.quantity) FILTER (WHERE r.status = 'RESERVED'), 0),
                       coalesce(sum(l.quantity) FILTER (WHERE r.status = 'DEDUCTED'), 0)
                FROM stock_reservation_lines l JOIN stock_reservations r ON r.order_id = l.order_id
                GROUP BY l.product_id""", rows -> held.put(rows.getLong(1), new long[]{rows.getLong(2), rows.getLong(3)}));
        var wrong = new ArrayList<String>();
        Map<Long, long[]> stock = new HashMap<>();
        query.run("SELECT product_id, on_hand, reserved FROM stock WHERE tracked",
                rows -> stock.put(rows.getLong(1), new long[]{rows.getLong(2), rows.getLong(3)}));
        initialStock.forEach((product, initial) -> {
            long[] now = stock.get(product);
            long[] lines = held.getOrDefault(product, new long[]{0, 0});
            if (now == null) {
                wrong.add("product " + product + " no longer tracked");
                return;
            }
            long onHand = now[0];
            long reserved = now[1];
            long available = onHand - reserved;
            if (available < 0 || reserved < 0 || onHand < 0) {
                wrong.add("product " + product + ": on hand " + onHand + ", reserved " + reserved);
            }
            if (reserved != lines[0] || initial != available + reserved + lines[1]) {
                wrong.add("product " + product + ": set to " + initial + ", now available " + available
                        + " + reserved " + reserved + " (reservations hold " + lines[0] + ") + deducted " + lines[1]);
            }
        });
        return Verification.check("stock conserved: initial = available + reserved + deducted, none negative",
                initialStock.size(), wrong);
    }

    /**
     * Every charge the gateway captured for an order that ended CANCELLED was refunded exactly once (one refund at
     * the gateway, the payment REFUNDED), and no other charge was refunded.
     */
    private Verification.Check refundedExactlyOnce() throws SQLException {
        var wrong = new ArrayList<String>();
        long[] checked = {0};
        query.run("""
                SELECT p.order_id, p.id, p.status, o.status,
                       (SELECT count(*) FROM sandbox_gateway_operations g
                        WHERE g.kind = 'REFUND' AND g.outcome = 'REFUNDED' AND g.idempotency_key LIKE '%' || p.idempotency_key)
                FROM payments p JOIN orders o ON o.id = p.order_id
                WHERE p.gateway_reference IS NOT NULL""", rows -> {
            checked[0]++;
            boolean cancelled = rows.getString(4).equals("CANCELLED");
            long refunds = rows.getLong(5);
            String payment = rows.getString(3);
            if (cancelled && (refunds != 1 || !payment.equals("REFUNDED"))) {
                wrong.add("order " + rows.getLong(1) + " cancelled: payment " + rows.getLong(2) + " is " + payment
                        + " with " + refunds + " refunds at the gateway");
            } else if (!cancelled && (refunds != 0 || !payment.equals("CAPTURED"))) {
                wrong.add("order " + rows.getLong(1) + " is " + rows.getString(4) + ": payment " + rows.getLong(2)
                        + " is " + payment + " with " + refunds + " refunds");
            }
        });
        return Verification.check("captured payments of cancelled orders refunded exactly once, no others",
                checked[0], wrong);
    }

    /** A cancelled order's shipment, if it has one, is CANCELLED; an order that went on has one. */
    private Verification.Check noShipmentOfACancelledOrder() throws SQLException {
        var wrong = new ArrayList<String>();
        long[] checked = {0};
        query.run("""
                SELECT o.id, o.status, s.status FROM orders o LEFT JOIN shipments s ON s.order_id = o.id
                WHERE o.status <> 'PENDING'""", rows -> {
            checked[0]++;
            String order = rows.getString(2);
            String shipment = rows.getString(3);
            String expected = switch (order) {
                case "PAID" -> "SCHEDULED";
                case "SHIPPED" -> "SHIPPED";
                case "DELIVERED" -> "DELIVERED";
                default -> "CANCELLED";
            };
            boolean none = shipment == null;
            if (order.equals("CANCELLED") ? !none && !shipment.equals("CANCELLED") : !expected.equals(shipment)) {
                wrong.add("order " + rows.getLong(1) + " is " + order + ", its shipment " + shipment);
            }
        });
        return Verification.check("no shipment of a cancelled order; every order that went on has its shipment",
                checked[0], wrong);
    }

    /**
     * Every paid, shipped or delivered order has exactly one captured payment and exactly one captured charge at
     * the gateway; no order has two live payment attempts.
     */
    private Verification.Check chargedExactlyOnce() throws SQLException {
        var wrong = new ArrayList<String>();
        long[] checked = {0};
        query.run("""
                SELECT o.id, o.status,
                       (SELECT count(*) FROM payments p WHERE p.order_id = o.id AND p.status = 'CAPTURED'),
                       (SELECT count(*) FROM payments p JOIN sandbox_gateway_operations g
                          ON g.idempotency_key = p.idempotency_key
                        WHERE p.order_id = o.id AND g.kind = 'CHARGE' AND g.outcome = 'CAPTURED')
                FROM orders o WHERE o.status IN ('PAID', 'SHIPPED', 'DELIVERED')""", rows -> {
            checked[0]++;
            if (rows.getLong(3) != 1 || rows.getLong(4) != 1) {
                wrong.add("order " + rows.getLong(1) + " is " + rows.getString(2) + " with " + rows.getLong(3)
                        + " captured payments and " + rows.getLong(4) + " captured charges");
            }
        });
        return Verification.check("every paid/shipped/delivered order charged exactly once", checked[0], wrong);
    }

    /** No saga is left compensating or stuck, and no payment's outcome is left unknown. */
    private Verification.Check everySagaFinished() throws SQLException {
        var wrong = new ArrayList<String>();
        long[] checked = {0};
        query.run("SELECT order_id, status, step, last_error FROM order_sagas", rows -> {
            checked[0]++;
            if (rows.getString(2).equals("COMPENSATING") || rows.getString(2).equals("STUCK")) {
                wrong.add("order " + rows.getLong(1) + ": saga " + rows.getString(2) + " at " + rows.getString(3)
                        + " (" + rows.getString(4) + ")");
            }
        });
        query.run("SELECT order_id, id FROM payments WHERE status = 'PENDING'",
                rows -> wrong.add("order " + rows.getLong(1) + ": payment " + rows.getLong(2) + " still PENDING"));
        return Verification.check("every saga finished (none compensating or stuck, no payment pending)", checked[0],
                wrong);
    }
}
