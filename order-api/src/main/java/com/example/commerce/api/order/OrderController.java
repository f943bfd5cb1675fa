package com.example.commerce.api.order;

import com.example.commerce.api.auth.CurrentUser;
import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.payment.PaymentService;
import com.example.commerce.api.payment.PaymentTokens;
import com.example.commerce.api.web.PageView;
import com.example.commerce.api.web.Paging;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Sort;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import jakarta.validation.Valid;

import java.util.Map;

/** A user's own orders; another user's order answers 404. */
@Controller("/api/orders")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class OrderController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

    private final OrderService orders;

    public OrderController(OrderService orders) {
        this.orders = orders;
    }

    @Post
    public HttpResponse<OrderView> place(@Valid @Body CreateOrderRequest request,
                                         @Nullable @Header(IDEMPOTENCY_KEY) String idempotencyKey,
                                         Authentication authentication) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw ApiException.badRequest("invalid-idempotency-key", IDEMPOTENCY_KEY + " must be 1 to "
                    + MAX_IDEMPOTENCY_KEY_LENGTH + " characters", Map.of("header", IDEMPOTENCY_KEY));
        }
        OrderService.Placed placed = orders.place(CurrentUser.of(authentication).id(), request, idempotencyKey);
        // A replay answers as the original request did, so a client's retry sees the same result.
        return HttpResponse.<OrderView>status(HttpStatus.CREATED).body(placed.order())
                .header("Idempotent-Replayed", String.valueOf(placed.replayed()));
    }

    /** Newest first. */
    @Get
    public PageView<OrderView> list(@QueryValue(defaultValue = "1") int page,
                                    @QueryValue(defaultValue = "20") int size, Authentication authentication) {
        var pageable = Paging.of(page, size, Sort.of(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        return PageView.of(orders.list(CurrentUser.of(authentication).id(), pageable), view -> view);
    }

    @Get("/{id}")
    public OrderView get(long id, Authentication authentication) {
        return orders.get(CurrentUser.of(authentication).id(), id);
    }

    /**
     * 200 with the PAID order; 202 with the order still PENDING when the gateway did not answer in time (the
     * outcome is reconciled later); 402 when declined. Without a body, the token is {@value PaymentTokens#OK}.
     */
    @Patch("/{id}/pay")
    public HttpResponse<OrderView> pay(long id, @Nullable @Body PayRequest request, Authentication authentication) {
        String token = request == null || request.paymentToken() == null ? PaymentTokens.OK : request.paymentToken();
        if (!PaymentTokens.isWellFormed(token)) {
            throw ApiException.badRequest("invalid-payment-token",
                    "paymentToken must match ^tok_[a-z0-9_]{1,40}$", Map.of("field", "paymentToken"));
        }
        PaymentService.Paid paid = orders.pay(CurrentUser.of(authentication).id(), id, token);
        return HttpResponse.<OrderView>status(paid.settled() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(paid.order());
    }

    @Patch("/{id}/cancel")
    public OrderView cancel(long id, Authentication authentication) {
        return orders.cancel(CurrentUser.of(authentication).id(), id);
    }
}
