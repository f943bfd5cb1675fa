package com.example.commerce.inventory;

import com.example.commerce.contract.inventory.InventoryEventType;
import com.example.commerce.contract.inventory.ReservationPayload;
import com.example.commerce.contract.inventory.StockLevelPayload;
import com.example.commerce.outbox.Outbox;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stock and reservations (docs/saga.md): every change locks the rows it changes, writes its events to the outbox
 * in the same transaction, and joins the caller's transaction when there is one (the inventory participant marks
 * the event it is processing in it). Stock rows are always locked in product-id order, after the reservation row,
 * so concurrent reservations, deductions, releases and settings never deadlock; a quantity is checked against the
 * locked row, so stock never goes negative and is never oversold, however many orders arrive at once.
 */
@Singleton
public class Inventory {

    /** The largest on-hand quantity a product can have (the stock table's bound). */
    public static final long MAX_ON_HAND = 1_000_000;

    private final StockRepository stock;
    private final StockReservationRepository reservations;
    private final Outbox outbox;

    public Inventory(StockRepository stock, StockReservationRepository reservations, Outbox outbox) {
        this.stock = stock;
        this.reservations = reservations;
        this.outbox = outbox;
    }

    /** The product's stock; untracked (null numbers) if it was never set or tracking stopped. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public StockLevel level(long productId) {
        return stock.findById(productId).map(Stock::level).orElseGet(() -> StockLevel.untracked(productId));
    }

    /** The stock of each product asked for, untracked ones included. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Long, StockLevel> levels(Collection<Long> productIds) {
        var levels = new HashMap<Long, StockLevel>();
        productIds.forEach(id -> levels.put(id, StockLevel.untracked(id)));
        if (!productIds.isEmpty()) {
            stock.findByProductIdIn(productIds).forEach(row -> levels.put(row.productId(), row.level()));
        }
        return levels;
    }

    /**
     * Sets what is on hand and tracks the product from now on. The product must exist.
     *
     * @throws IllegalArgumentException if onHand is outside 0..{@value #MAX_ON_HAND}
     * @throws StockConflictException   ({@value StockConflictException#BELOW_RESERVED}) if orders hold more than
     *                                  onHand
     */
    @Transactional
    public StockLevel set(long productId, long onHand) {
        if (onHand < 0 || onHand > MAX_ON_HAND) {
            throw new IllegalArgumentException("onHand must be between 0 and " + MAX_ON_HAND + ": " + onHand);
        }
        stock.insertIfAbsent(productId);
        Stock current = stock.lock(productId).orElseThrow();
        long reserved = current.tracked() ? current.reserved() : 0;
        if (onHand < reserved) {
            throw new StockConflictException(StockConflictException.BELOW_RESERVED, productId, reserved,
                    "orders hold " + reserved + " of product " + productId + ", more than " + onHand);
        }
        return write(current, true, onHand, reserved).level();
    }

    /**
     * Stops tracking the product: it is always available from now on. Nothing happens if it is not tracked.
     *
     * @throws StockConflictException ({@value StockConflictException#RESERVED}) while orders hold some of it
     */
    @Transactional
    public StockLevel untrack(long productId) {
        Optional<Stock> locked = stock.lock(productId);
        if (locked.isEmpty() || !locked.get().tracked()) {
            return StockLevel.untracked(productId);
        }
        Stock current = locked.get();
        if (current.reserved() > 0) {
            throw new StockConflictException(StockConflictException.RESERVED, productId, current.reserved(),
                    "orders hold " + current.reserved() + " of product " + productId);
        }
        return write(current, false, 0, 0).level();
    }

    /**
     * Reserves an order's lines, all or nothing, once per order: if the order already has a reservation (a
     * redelivered ORDER_CREATED, or a release that came first), nothing changes. Lines of untracked products are
     * always available and left out; an order with none tracked is RESERVED with no lines.
     *
     * @param lines the order's lines (a product may appear more than once)
     * @return the order's reservation status after the call, and whether this call decided it
     */
    @Transactional
    public ReservationOutcome reserve(long orderId, List<ReservationLine> lines) {
        if (reservations.insertIfAbsent(orderId, ReservationStatus.RESERVED.name()) == 0) {
            return new ReservationOutcome(reservations.findById(orderId).orElseThrow().status(), false);
        }
        Map<Long, Long> requested = new TreeMap<>();
        lines.forEach(line -> requested.merge(line.productId(), line.quantity(), Long::sum));
        List<Stock> tracked = requested.isEmpty() ? List.of() : stock.lockTracked(requested.keySet());

        var held = new ArrayList<ReservationPayload.Line>();
        var shortages = new ArrayList<ReservationPayload.Shortage>();
        for (Stock row : tracked) {
            long quantity = requested.get(row.productId());
            held.add(new ReservationPayload.Line(row.productId(), quantity));
            if (quantity > row.available()) {
                shortages.add(new ReservationPayload.Shortage(row.productId(), quantity, row.available()));
            }
        }
        if (!shortages.isEmpty()) {
            reservations.update(orderId, ReservationStatus.REJECTED.name());
            appendReservation(InventoryEventType.STOCK_REJECTED, orderId, 2,
                    new ReservationPayload(orderId, held, shortages));
            return new ReservationOutcome(ReservationStatus.REJECTED, true);
        }
        // The claim is version 1 (RESERVED); the event is that version.
        appendReservation(InventoryEventType.STOCK_RESERVED, orderId, 1, new ReservationPayload(orderId, held, null));
        for (Stock row : tracked) {
            long quantity = requested.get(row.productId());
            reservations.insertLine(orderId, row.productId(), quantity);
            write(row, true, row.onHand(), row.reserved() + quantity);
        }
        return new ReservationOutcome(ReservationStatus.RESERVED, true);
    }

    /**
     * The order was paid: what its reservation holds leaves the shelf (on hand and reserved go down). Only a
     * RESERVED reservation changes; any other state (or none) is left as it is.
     *
     * @return whether anything changed
     */
    @Transactional
    public boolean deduct(long orderId) {
        Long version = reservations.moveOn(orderId, ReservationStatus.RESERVED.name(),
                ReservationStatus.DEDUCTED.name());
        if (version == null) {
            return false;
        }
        List<HeldStock> held = stock.lockHeld(orderId);
        for (HeldStock line : held) {
            // A product untracked since: impossible while reserved (untrack is refused), kept safe regardless.
            if (line.tracked()) {
                write(line.stock(), true, line.onHand() - line.quantity(), line.reserved() - line.quantity());
            }
        }
        appendReservation(InventoryEventType.STOCK_DEDUCTED, orderId, version,
                new ReservationPayload(orderId, payloadLines(held.stream().map(HeldStock::line).toList()), null));
        return true;
    }

    /**
     * The order was cancelled: whatever its reservation holds comes back (reserved quantities to available,
     * deducted ones to on hand, except to products no longer tracked). The reservation ends RELEASED and
     * STOCK_RELEASED is written once. An order without a reservation gets a RELEASED one, so that an
     * ORDER_CREATED arriving later reserves nothing.
     *
     * @return whether anything changed (false: already released)
     */
    @Transactional
    public boolean release(long orderId) {
        if (reservations.insertIfAbsent(orderId, ReservationStatus.RELEASED.name()) == 1) {
            appendReservation(InventoryEventType.STOCK_RELEASED, orderId, 1,
                    new ReservationPayload(orderId, List.of(), null));
            return true;
        }
        StockReservation reservation = reservations.lock(orderId).orElseThrow();
        var returned = new ArrayList<ReservationPayload.Line>();
        switch (reservation.status()) {
            case RELEASED -> {
                return false;
            }
            case REJECTED -> {
                // Nothing was held.
            }
            case RESERVED, DEDUCTED -> {
                boolean deducted = reservation.status() == ReservationStatus.DEDUCTED;
                List<ReservationLine> lines = reservations.lines(orderId);
                Map<Long, Stock> rows = lockRows(lines);
                for (ReservationLine line : lines) {
                    Stock row = rows.get(line.productId());
                    if (row == null || !row.tracked()) {
                        continue;
                    }
                    if (deducted) {
                        // Never above the bound: what does not fit is not counted back.
                        long back = Math.min(line.quantity(), MAX_ON_HAND - row.onHand());
                        if (back > 0) {
                            write(row, true, row.onHand() + back, row.reserved());
                            returned.add(new ReservationPayload.Line(line.productId(), back));
                        }
                    } else {
                        write(row, true, row.onHand(), row.reserved() - line.quantity());
                        returned.add(new ReservationPayload.Line(line.productId(), line.quantity()));
                    }
                }
            }
        }
        reservations.update(orderId, ReservationStatus.RELEASED.name());
        appendReservation(InventoryEventType.STOCK_RELEASED, orderId, reservation.version() + 1,
                new ReservationPayload(orderId, returned, null));
        return true;
    }

    /** The order's reservation status, if it has one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ReservationStatus> reservationStatus(long orderId) {
        return reservations.findById(orderId).map(StockReservation::status);
    }

    /** The lines the order's reservation holds (or held), in product-id order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ReservationLine> reservationLines(long orderId) {
        return reservations.lines(orderId);
    }

    private Map<Long, Stock> lockRows(List<ReservationLine> lines) {
        var rows = new HashMap<Long, Stock>();
        if (!lines.isEmpty()) {
            stock.lockAll(lines.stream().map(ReservationLine::productId).toList())
                    .forEach(row -> rows.put(row.productId(), row));
        }
        return rows;
    }

    /** Writes a locked row's new state and its STOCK_LEVEL_CHANGED (the row's next version). */
    private Stock write(Stock row, boolean tracked, long onHand, long reserved) {
        stock.write(row.productId(), tracked, onHand, reserved);
        var changed = new Stock(row.productId(), tracked, onHand, reserved, row.version() + 1, row.updatedAt());
        StockLevel level = changed.level();
        outbox.append(InventoryEventType.STOCK_LEVEL_CHANGED, String.valueOf(row.productId()), changed.version(),
                new StockLevelPayload(row.productId(), tracked, level.onHand(), level.reserved(), level.available()));
        return changed;
    }

    /**
     * An event of the order's reservation, at the version its row has now: 1 when this transaction inserted it, one
     * up from the locked row's for each {@link StockReservationRepository#update} since (never read back).
     */
    private void appendReservation(InventoryEventType type, long orderId, long version, ReservationPayload payload) {
        outbox.append(type, String.valueOf(orderId), version, payload);
    }

    private static List<ReservationPayload.Line> payloadLines(List<ReservationLine> lines) {
        return lines.stream().map(line -> new ReservationPayload.Line(line.productId(), line.quantity())).toList();
    }
}
