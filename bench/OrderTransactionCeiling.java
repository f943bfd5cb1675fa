import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling for POST /api/orders: the transaction that placing an order performs (read two products, insert
 * the order, its two items and its outbox event), with plain JDBC, as fast as {@code threads} connections can
 * go. Run by bench/order-api.sh against the local run's database:
 *
 *   java -cp postgresql.jar bench/OrderTransactionCeiling.java JDBC_URL USER PASSWORD SECONDS THREADS
 */
public class OrderTransactionCeiling {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        long seconds = Long.parseLong(args[3]);
        int threads = Integer.parseInt(args[4]);

        long userId;
        long[] productIds = new long[2];
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT id FROM users ORDER BY id LIMIT 1");
            rs.next();
            userId = rs.getLong(1);
            rs = s.executeQuery("SELECT id FROM products WHERE status = 'ACTIVE' ORDER BY id LIMIT 2");
            for (int i = 0; i < 2 && rs.next(); i++) {
                productIds[i] = rs.getLong(1);
            }
        }

        var done = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, user, password)) {
                    c.setAutoCommit(false);
                    while (System.nanoTime() < deadline) {
                        placeOrder(c, userId, productIds);
                        done.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.printf("ceiling: %d transactions in %d s with %d connections = %.1f tx/s%n",
                done.get(), seconds, threads, done.get() / (double) seconds);
    }

    private static void placeOrder(Connection c, long userId, long[] productIds) throws SQLException {
        long[] prices = new long[2];
        String[] names = new String[2];
        try (PreparedStatement read = c.prepareStatement(
                "SELECT id, name, price, status FROM products WHERE id IN (?, ?)")) {
            read.setLong(1, productIds[0]);
            read.setLong(2, productIds[1]);
            var rs = read.executeQuery();
            int i = 0;
            while (rs.next() && i < 2) {
                names[i] = rs.getString(2);
                prices[i++] = rs.getLong(3);
            }
        }
        long total = prices[0] + 2 * prices[1];
        long orderId;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders (user_id, status, total_amount, "
                + "version, created_at, updated_at) VALUES (?, 'PENDING', ?, 1, now(), now()) RETURNING id")) {
            insert.setLong(1, userId);
            insert.setLong(2, total);
            var rs = insert.executeQuery();
            rs.next();
            orderId = rs.getLong(1);
        }
        try (PreparedStatement items = c.prepareStatement("INSERT INTO order_items (order_id, product_id, "
                + "product_name, unit_price, quantity, line_total) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 2; i++) {
                items.setLong(1, orderId);
                items.setLong(2, productIds[i]);
                items.setString(3, names[i]);
                items.setLong(4, prices[i]);
                items.setInt(5, i + 1);
                items.setLong(6, prices[i] * (i + 1));
                items.addBatch();
            }
            items.executeBatch();
        }
        String event = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventType\":\"ORDER_CREATED\",\"aggregateType\":"
                + "\"Order\",\"aggregateId\":\"" + orderId + "\",\"aggregateVersion\":1,\"schemaVersion\":1,"
                + "\"payload\":{\"orderId\":" + orderId + ",\"userId\":" + userId + ",\"totalAmount\":" + total + "}}";
        try (PreparedStatement outbox = c.prepareStatement("INSERT INTO outbox (event_id, topic, aggregate_type, "
                + "aggregate_id, aggregate_version, event_type, event, occurred_at) VALUES (?, 'order-events', "
                + "'Order', ?, 1, 'ORDER_CREATED', CAST(? AS jsonb), now())")) {
            outbox.setObject(1, UUID.randomUUID());
            outbox.setString(2, String.valueOf(orderId));
            outbox.setString(3, event);
            outbox.executeUpdate();
        }
        c.commit();
    }
}
