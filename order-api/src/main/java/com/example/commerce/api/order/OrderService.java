package com.example.commerce.api.order;

import com.example.commerce.api.catalog.Product;
import com.example.commerce.api.catalog.ProductRepository;
import com.example.commerce.api.catalog.ProductStatus;
import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.payment.PaymentService;
import com.example.commerce.api.saga.Cancellations;
import com.example.commerce.api.saga.SagaHistory;
import com.example.commerce.api.saga.SagaStep;
import com.example.commerce.api.saga.Steps;
import com.example.commerce.contract.order.OrderEventType;
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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Orders: placing them with prices snapshotted from the catalog (which starts the order's saga), paying them
 * ({@link PaymentService}) and cancelling them ({@link Cancellations}). Every change writes its event to the outbox
 * in the same transaction.
 */
@Singleton
public class OrderService {

    private final OrderRepository orders;
    private final OrderItemRepository items;
    private final ProductRepository products;
    private final OrderTransitions transitions;
    private final OrderViews views;
    private final SagaHistory history;
    private final PaymentService payments;
    private final Cancellations cancellations;
    private final TransactionOperations<Connection> transactions;

    public OrderService(OrderRepository orders, OrderItemRepository items, ProductRepository products,
                        OrderTransitions transitions, OrderViews views, SagaHistory history,
                        PaymentService payments, Cancellations cancellations,
                        TransactionOperations<Connection> transactions) {
        this.orders = orders;
        this.items = items;
        this.products = products;
        this.transitions = transitions;
        this.views = views;
        this.history = history;
        this.payments = payments;
        this.cancellations = cancellations;
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
            return new Placed(views.of(order), true);
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
                null, null, null));
        List<OrderItem> saved = items.saveAll(lines.stream().map(line -> new OrderItem(null, order.id(),
                line.productId(), line.productName(), line.unitPrice(), line.quantity(), line.lineTotal())).toList());
        SagaStep placed = history.start(order.id(), Steps.ORDER_PLACED, Steps.DONE);
        transitions.publish(OrderEventType.ORDER_CREATED, order, null, saved);
        // The view from what this transaction wrote: a new order has no payment, no shipment, one step.
        return new Placed(OrderView.of(order, saved, null, null, List.of(placed)), false);
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

    /** Pays the user's order with the payment method {@code token} ({@link PaymentService#pay}). */
    public PaymentService.Paid pay(long userId, long orderId, String token) {
        return payments.pay(userId, orderId, token);
    }

    public OrderView cancel(long userId, long orderId) {
        return cancellations.cancelByUser(userId, orderId);
    }

    @Transactional
    public OrderView get(long userId, long orderId) {
        return view(orders.findByIdAndUserId(orderId, userId)
                .orElseThrow(() -> ApiException.notFound("order", orderId)));
    }

    @Transactional
    public Page<OrderView> list(long userId, Pageable pageable) {
        Page<Order> page = orders.findByUserId(userId, pageable);
        List<OrderView> viewed = views.of(page.getContent());
        return Page.of(viewed, page.getPageable(), page.getTotalSize());
    }

    private OrderView view(Order order) {
        return views.of(order);
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
