package com.example.commerce.inventory;

import com.example.commerce.testsupport.OutboxRows;
import com.example.commerce.testsupport.Sql;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stock and reservations against the real (embedded) PostgreSQL, with the events they leave in the outbox. */
@MicronautTest(transactional = false)
class InventoryTest {

    @Inject
    Inventory inventory;

    @Inject
    DataSource contextual;

    @Inject
    ObjectMapper json;

    Sql sql;
    OutboxRows outbox;

    @BeforeEach
    void connect() {
        sql = Sql.of(contextual);
        outbox = new OutboxRows(sql, this::parse);
    }

    private Map<String, Object> parse(String text) {
        try {
            return json.readValue(text, io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long newProduct() {
        return sql.count("INSERT INTO products (name, category, brand, price, status) "
                + "VALUES ('stocked', 'c', 'b', 100, 'ACTIVE') RETURNING id");
    }

    /** Order ids of their own: the reservations table has no foreign key to orders, and the database is shared. */
    private static long newOrderId() {
        return ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 4_000_000_000_000_000L);
    }

    private static ReservationLine line(long productId, long quantity) {
        return new ReservationLine(productId, quantity);
    }

    private List<String> reservationEvents(long orderId) {
        return outbox.types("Reservation", orderId);
    }

    @Test
    void settingStockTracksTheProductAndEachChangeIsAStockEventOneVersionUp() {
        long product = newProduct();
        assertEquals(StockLevel.untracked(product), inventory.level(product));
        assertFalse(inventory.level(product).tracked());

        assertEquals(StockLevel.tracked(product, 10, 0), inventory.set(product, 10));
        assertEquals(new StockLevel(product, 7L, 0L, 7L), inventory.set(product, 7));
        assertEquals(StockLevel.tracked(product, 7, 0), inventory.level(product));

        var events = outbox.of("Stock", product);
        assertEquals(List.of("STOCK_LEVEL_CHANGED", "STOCK_LEVEL_CHANGED"),
                events.stream().map(OutboxRows.OutboxEvent::eventType).toList());
        assertEquals("inventory-events", events.get(0).topic());
        assertEquals(List.of(1L, 2L), events.stream().map(OutboxRows.OutboxEvent::aggregateVersion).toList());
        assertEquals(7, ((Number) events.get(1).payload().get("available")).longValue());
        assertEquals(true, events.get(1).payload().get("tracked"));

        assertThrows(IllegalArgumentException.class, () -> inventory.set(product, -1));
        assertThrows(IllegalArgumentException.class, () -> inventory.set(product, Inventory.MAX_ON_HAND + 1));
        assertEquals(Inventory.MAX_ON_HAND, inventory.set(product, Inventory.MAX_ON_HAND).onHand());
    }

    @Test
    void levelsAnswerForEveryProductAskedFor() {
        long tracked = newProduct();
        long untracked = newProduct();
        inventory.set(tracked, 4);
        var levels = inventory.levels(List.of(tracked, untracked));
        assertEquals(StockLevel.tracked(tracked, 4, 0), levels.get(tracked));
        assertEquals(StockLevel.untracked(untracked), levels.get(untracked));
        assertEquals(Map.of(), inventory.levels(List.of()));
    }

    @Test
    void aReservationHoldsEveryTrackedLineOrNothing() {
        long a = newProduct();
        long b = newProduct();
        long untracked = newProduct();
        inventory.set(a, 5);
        inventory.set(b, 1);

        long rejected = newOrderId();
        assertEquals(ReservationStatus.REJECTED,
                inventory.reserve(rejected, List.of(line(a, 2), line(b, 2), line(untracked, 50))).status());
        assertEquals(StockLevel.tracked(a, 5, 0), inventory.level(a), "nothing held");
        assertEquals(StockLevel.tracked(b, 1, 0), inventory.level(b));
        var rejection = outbox.of("Reservation", rejected);
        assertEquals(List.of("STOCK_REJECTED"), rejection.stream().map(OutboxRows.OutboxEvent::eventType).toList());
        assertEquals(reservationVersion(rejected), rejection.get(0).aggregateVersion(), "the row's version");
        assertEquals(List.of(Map.of("productId", (int) b, "requested", 2, "available", 1)),
                normalized(rejection.get(0).payload().get("shortages")));
        assertEquals(List.of(), inventory.reservationLines(rejected));

        long reserved = newOrderId();
        // The same product twice is one line of the sum.
        assertEquals(ReservationStatus.RESERVED, inventory.reserve(reserved,
                List.of(line(b, 1), line(a, 1), line(untracked, 50), line(a, 1))).status());
        assertEquals(StockLevel.tracked(a, 5, 2), inventory.level(a));
        assertEquals(StockLevel.tracked(b, 1, 1), inventory.level(b));
        assertEquals(List.of(line(Math.min(a, b), Math.min(a, b) == a ? 2 : 1),
                line(Math.max(a, b), Math.max(a, b) == a ? 2 : 1)), inventory.reservationLines(reserved));
        var events = outbox.of("Reservation", reserved);
        assertEquals(List.of("STOCK_RESERVED"), events.stream().map(OutboxRows.OutboxEvent::eventType).toList());
        assertEquals(1, events.get(0).aggregateVersion());
        assertEquals(2, outbox.of("Stock", a).size(), "set, then reserved");

        // ORDER_CREATED delivered again: the decision stands, nothing more is held.
        assertEquals(new ReservationOutcome(ReservationStatus.RESERVED, false),
                inventory.reserve(reserved, List.of(line(a, 1))));
        assertEquals(new ReservationOutcome(ReservationStatus.REJECTED, false),
                inventory.reserve(rejected, List.of(line(a, 1))));
        assertEquals(StockLevel.tracked(a, 5, 2), inventory.level(a));
        assertEquals(List.of("STOCK_RESERVED"), reservationEvents(reserved));
        assertEquals(List.of("STOCK_REJECTED"), reservationEvents(rejected));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> normalized(Object list) {
        var out = new ArrayList<Map<String, Object>>();
        for (var element : (List<Map<String, Object>>) list) {
            var copy = new java.util.HashMap<String, Object>();
            element.forEach((k, v) -> copy.put(k, v instanceof Number n ? (Object) n.intValue() : v));
            out.add(copy);
        }
        return out;
    }

    @Test
    void anOrderOfUntrackedProductsIsReservedWithNoLines() {
        long untracked = newProduct();
        long order = newOrderId();
        assertEquals(new ReservationOutcome(ReservationStatus.RESERVED, true),
                inventory.reserve(order, List.of(line(untracked, 1_000))));
        assertEquals(List.of(), inventory.reservationLines(order));
        assertEquals(List.of(), outbox.of("Reservation", order).get(0).payload().get("lines"));
        assertTrue(inventory.deduct(order));
        assertEquals(List.of("STOCK_RESERVED", "STOCK_DEDUCTED"), reservationEvents(order));
    }

    @Test
    void payingDeductsOnceAndReleasingADeductedOrderPutsItBackOnHand() {
        long product = newProduct();
        inventory.set(product, 5);
        long order = newOrderId();
        inventory.reserve(order, List.of(line(product, 3)));

        assertTrue(inventory.deduct(order));
        assertFalse(inventory.deduct(order), "ORDER_PAID delivered again");
        assertEquals(StockLevel.tracked(product, 2, 0), inventory.level(product));
        assertEquals(Map.of("DEDUCTED", 1L), statusOf(order));

        assertTrue(inventory.release(order));
        assertFalse(inventory.release(order), "STOCK_RELEASE_REQUESTED delivered again");
        assertEquals(StockLevel.tracked(product, 5, 0), inventory.level(product));
        var events = outbox.of("Reservation", order);
        assertEquals(List.of("STOCK_RESERVED", "STOCK_DEDUCTED", "STOCK_RELEASED"),
                events.stream().map(OutboxRows.OutboxEvent::eventType).toList());
        assertEquals(List.of(1L, 2L, 3L), events.stream().map(OutboxRows.OutboxEvent::aggregateVersion).toList());
        assertEquals(3, reservationVersion(order), "each event carries the row's version");
        assertEquals(3, ((Number) ((List<Map<String, Object>>) events.get(2).payload().get("lines")).get(0)
                .get("quantity")).longValue());
        assertEquals(Map.of("RELEASED", 1L), statusOf(order));
    }

    private Map<String, Long> statusOf(long order) {
        return Map.of(inventory.reservationStatus(order).orElseThrow().name(), 1L);
    }

    @Test
    void releasingAReservedOrderMakesItsQuantitiesAvailableAgain() {
        long product = newProduct();
        inventory.set(product, 4);
        long order = newOrderId();
        inventory.reserve(order, List.of(line(product, 4)));
        assertEquals(0, inventory.level(product).available());

        assertTrue(inventory.release(order));
        assertEquals(StockLevel.tracked(product, 4, 0), inventory.level(product));
        assertFalse(inventory.deduct(order), "a released reservation is never deducted");
        assertEquals(StockLevel.tracked(product, 4, 0), inventory.level(product));
    }

    @Test
    void aRejectedOrderReleasesNothing() {
        long product = newProduct();
        inventory.set(product, 1);
        long order = newOrderId();
        inventory.reserve(order, List.of(line(product, 2)));
        assertTrue(inventory.release(order));
        assertEquals(StockLevel.tracked(product, 1, 0), inventory.level(product));
        var released = outbox.of("Reservation", order).get(1);
        assertEquals("STOCK_RELEASED", released.eventType());
        assertEquals(List.of(), released.payload().get("lines"));
    }

    @Test
    void aReleaseBeforeTheReservationMeansTheOrderNeverReserves() {
        long product = newProduct();
        inventory.set(product, 3);
        long order = newOrderId();

        assertTrue(inventory.release(order));
        assertEquals(new ReservationOutcome(ReservationStatus.RELEASED, false),
                inventory.reserve(order, List.of(line(product, 1))));
        assertFalse(inventory.deduct(order));
        assertEquals(StockLevel.tracked(product, 3, 0), inventory.level(product));
        assertEquals(List.of("STOCK_RELEASED"), reservationEvents(order));
    }

    @Test
    void stockBelowWhatIsReservedAndUntrackingWhileReservedAreRefused() {
        long product = newProduct();
        inventory.set(product, 5);
        long order = newOrderId();
        inventory.reserve(order, List.of(line(product, 3)));

        var below = assertThrows(StockConflictException.class, () -> inventory.set(product, 2));
        assertEquals(StockConflictException.BELOW_RESERVED, below.reason());
        assertEquals(3, below.reserved());
        assertEquals(StockLevel.tracked(product, 3, 3), inventory.set(product, 3), "exactly what is reserved");
        var untrack = assertThrows(StockConflictException.class, () -> inventory.untrack(product));
        assertEquals(StockConflictException.RESERVED, untrack.reason());
        assertEquals(StockLevel.tracked(product, 3, 3), inventory.level(product));

        inventory.release(order);
        assertEquals(StockLevel.untracked(product), inventory.untrack(product));
        assertEquals(StockLevel.untracked(product), inventory.level(product));
        var last = outbox.of("Stock", product).get(outbox.of("Stock", product).size() - 1);
        assertEquals(false, last.payload().get("tracked"));
        assertEquals(null, last.payload().get("onHand"));
        long versionAfterUntrack = last.aggregateVersion();
        assertEquals(StockLevel.untracked(product), inventory.untrack(product), "untracking twice changes nothing");
        assertEquals(versionAfterUntrack, sql.count("SELECT version FROM stock WHERE product_id = ?", product));

        // Tracked again: the version goes on growing.
        inventory.set(product, 1);
        assertEquals(versionAfterUntrack + 1, sql.count("SELECT version FROM stock WHERE product_id = ?", product));
    }

    @Test
    void aDeductedOrderReleasedAfterTrackingStoppedReturnsNothingToThatProduct() {
        long product = newProduct();
        inventory.set(product, 5);
        long order = newOrderId();
        inventory.reserve(order, List.of(line(product, 2)));
        inventory.deduct(order);
        inventory.untrack(product);

        assertTrue(inventory.release(order));
        assertEquals(StockLevel.untracked(product), inventory.level(product));
        var released = outbox.of("Reservation", order).get(2);
        assertEquals(List.of(), released.payload().get("lines"));
    }

    @Test
    void fiftyConcurrentOneUnitReservationsOfTenInStockReserveExactlyTen() throws Exception {
        long product = newProduct();
        inventory.set(product, 10);
        int orders = 50;
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(8);
        try {
            var results = new ArrayList<Future<ReservationStatus>>();
            for (int i = 0; i < orders; i++) {
                long order = newOrderId();
                Callable<ReservationStatus> reserve = () -> {
                    start.await();
                    return inventory.reserve(order, List.of(line(product, 1))).status();
                };
                results.add(pool.submit(reserve));
            }
            start.countDown();
            int reserved = 0;
            int rejected = 0;
            for (var result : results) {
                if (result.get() == ReservationStatus.RESERVED) {
                    reserved++;
                } else {
                    rejected++;
                }
            }
            assertEquals(10, reserved);
            assertEquals(40, rejected);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(StockLevel.tracked(product, 10, 10), inventory.level(product));
        assertEquals(10, sql.count("SELECT count(*) FROM stock_reservation_lines WHERE product_id = ?", product));
        assertEquals(0, sql.count("SELECT count(*) FROM stock WHERE on_hand < reserved OR reserved < 0"));
    }

    private long reservationVersion(long orderId) {
        return sql.count("SELECT version FROM stock_reservations WHERE order_id = ?", orderId);
    }
}
