package com.example.commerce.api.order;

import com.example.commerce.api.catalog.Product;
import com.example.commerce.api.catalog.ProductRepository;
import com.example.commerce.api.catalog.ProductStatus;
import com.example.commerce.api.error.ApiException;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.contract.order.OrderPayload;
import com.example.commerce.outbox.Outbox;
import com.example.commerce.platform.db.PostgresErrors;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Orders: placing them with prices snapshotted from the catalog, paying and cancelling them. Every change writes
 * its event to the outbox in the same transaction.
 */
@Singleton
public class OrderService {

    private final OrderRepository orders;
    private final OrderItemRepository items;
    private final ProductRepository products;
    private final Outbox outbox;
    private final TransactionOperations<Connection> transactions;

    public OrderService(OrderRepository orders, OrderItemRepository items, ProductRepository products, Outbox outbox,
                        TransactionOperations<Connection> transactions) {
        this.orders = orders;
        this.items = items;
        this.products = products;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /** The result of placing an order; {@code replayed} when an Idempotency-Key matched an earlier order. */
    public record Placed(OrderView order, boolean replayed) {
    }

    /**
     * Places an order. With an idempotency key, a retry of the same request returns the order the first attempt
     * created; the same key with a different request is refused.
     */
    public Placed place(long userId, CreateOrderRequest request, @Nullable String idempotencyKey) {
        String requestHash = idempotencyKey == null ? null : fingerprint(request);
        if (idempotencyKey != null) {
            Optional<Placed> earlier = transactions.executeRead(tx -> replay(userId, idempotencyKey, requestHash));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        try {
            return transactions.executeWrite(tx -> create(userId, request, idempotencyKey, requestHash));
        } catch (DataAccessException e) {
            // A concurrent request with the same key committed first: answer with its order.
            if (idempotencyKey != null && PostgresErrors.isUniqueViolation(e)) {
                return transactions.executeRead(tx -> replay(userId, idempotencyKey, requestHash)).orElseThrow();
            }
            throw e;
        }
    }

    private Optional<Placed> replay(long userId, String idempotencyKey, String requestHash) {
        return orders.findByUserIdAndIdempotencyKey(userId, idempotencyKey).map(order -> {
            if (!requestHash.equals(order.requestHash())) {
                throw ApiException.unprocessable("idempotency-key-reused",
                        "Idempotency-Key '" + idempotencyKey + "' was already used for a different request",
                        Map.of("orderId", order.id()));
            }
            return new Placed(view(order), true);
        });
    }

    private Placed create(long userId, CreateOrderRequest request, @Nullable String idempotencyKey,
                          @Nullable String requestHash) {
        List<CreateOrderRequest.Item> requested = request.items();
        rejectDuplicates(requested);
        List<Long> productIds = requested.stream().map(CreateOrderRequest.Item::productId).toList();
        products.lockForOrder(productIds);
        Map<Long, Product> catalog = products.findByIdIn(productIds).stream()
                .collect(Collectors.toMap(Product::id, Function.identity()));

        var lines = new ArrayList<OrderItem>(requested.size());
        long total = 0;
        for (int index = 0; index < requested.size(); index++) {
            CreateOrderRequest.Item item = requested.get(index);
            Product product = catalog.get(item.productId());
            if (product == null || product.status() != ProductStatus.ACTIVE) {
                throw ApiException.unprocessable("product-unavailable", "items[" + index + "]: product "
                        + item.productId() + (product == null ? " does not exist" : " is not available"),
                        Map.of("item", index, "productId", item.productId()));
            }
            long lineTotal;
            try {
                lineTotal = Math.multiplyExact(product.price(), (long) item.quantity());
                total = Math.addExact(total, lineTotal);
            } catch (ArithmeticException overflow) {
                throw ApiException.unprocessable("amount-too-large", "items[" + index + "]: the amount is too large",
                        Map.of("item", index, "productId", item.productId()));
            }
            lines.add(new OrderItem(null, 0, product.id(), product.name(), product.price(), item.quantity(),
                    lineTotal));
        }

        Order order = orders.save(new Order(null, userId, OrderStatus.PENDING, total, 1, idempotencyKey, requestHash,
                null, null));
        List<OrderItem> saved = items.saveAll(lines.stream().map(line -> new OrderItem(null, order.id(),
                line.productId(), line.productName(), line.unitPrice(), line.quantity(), line.lineTotal())).toList());
        publish(order, null, saved);
        return new Placed(OrderView.of(order, saved), false);
    }

    private static void rejectDuplicates(List<CreateOrderRequest.Item> requested) {
        var seen = new HashSet<Long>();
        for (int index = 0; index < requested.size(); index++) {
            Long productId = requested.get(index).productId();
            if (!seen.add(productId)) {
                throw ApiException.unprocessable("duplicate-item", "items[" + index + "]: product " + productId
                        + " appears more than once; send one item with the total quantity",
                        Map.of("item", index, "productId", productId));
            }
        }
    }

    @Transactional
    public OrderView pay(long userId, long orderId) {
        return transition(userId, orderId, OrderStatus.PAID);
    }

    @Transactional
    public OrderView cancel(long userId, long orderId) {
        return transition(userId, orderId, OrderStatus.CANCELLED);
    }

    private OrderView transition(long userId, long orderId, OrderStatus target) {
        Order current = orders.findByIdAndUserIdForUpdate(orderId, userId)
                .orElseThrow(() -> ApiException.notFound("order", orderId));
        if (!current.status().canBecome(target)) {
            throw ApiException.conflict("invalid-order-transition", "order " + orderId + " is " + current.status()
                    + " and cannot become " + target, Map.of("currentStatus", current.status().name()));
        }
        Order updated = orders.update(current.withStatus(target));
        List<OrderItem> lines = items.findLinesOf(List.of(orderId));
        publish(updated, current.status(), lines);
        return OrderView.of(updated, lines);
    }

    @Transactional
    public OrderView get(long userId, long orderId) {
        return view(orders.findByIdAndUserId(orderId, userId)
                .orElseThrow(() -> ApiException.notFound("order", orderId)));
    }

    @Transactional
    public Page<OrderView> list(long userId, Pageable pageable) {
        Page<Order> page = orders.findByUserId(userId, pageable);
        Map<Long, List<OrderItem>> linesByOrder = new HashMap<>();
        if (!page.getContent().isEmpty()) {
            items.findLinesOf(page.getContent().stream().map(Order::id).toList())
                    .forEach(line -> linesByOrder.computeIfAbsent(line.orderId(), id -> new ArrayList<>()).add(line));
        }
        return page.map(order -> OrderView.of(order, linesByOrder.getOrDefault(order.id(), List.of())));
    }

    private OrderView view(Order order) {
        return OrderView.of(order, items.findLinesOf(List.of(order.id())));
    }

    private void publish(Order order, @Nullable OrderStatus previousStatus, List<OrderItem> lines) {
        var payload = new OrderPayload(order.id(), order.userId(), order.status().name(),
                previousStatus == null ? null : previousStatus.name(), order.totalAmount(),
                lines.stream().map(item -> new OrderPayload.Line(item.productId(), item.productName(),
                        item.unitPrice(), item.quantity(), item.lineTotal())).toList(), null);
        outbox.append(OrderEventType.forStatus(order.status().name()), String.valueOf(order.id()), order.version(),
                payload);
    }

    /** Same items in the same order: the same request. */
    private static String fingerprint(CreateOrderRequest request) {
        String canonical = request.items().stream().map(i -> i.productId() + "x" + i.quantity())
                .collect(Collectors.joining(","));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
