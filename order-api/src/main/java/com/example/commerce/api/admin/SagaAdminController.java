package com.example.commerce.api.admin;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.saga.SagaAdministration;
import com.example.commerce.api.saga.SagaStatus;
import com.example.commerce.api.saga.SagaView;
import com.example.commerce.api.web.PageView;
import com.example.commerce.api.web.Paging;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Sort;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.util.Arrays;
import java.util.Map;

/** Orders' sagas for operators: list them (e.g. the STUCK ones) and retry a STUCK compensation. */
@Controller("/api/admin/sagas")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SagaAdminController {

    private final SagaAdministration administration;

    public SagaAdminController(SagaAdministration administration) {
        this.administration = administration;
    }

    /** Least recently changed first; {@code status} one of RUNNING, COMPENSATING, STUCK, COMPLETED, COMPENSATED. */
    @Get
    public PageView<SagaView> list(@Nullable @QueryValue String status,
                                   @QueryValue(defaultValue = "1") int page,
                                   @QueryValue(defaultValue = "20") int size) {
        SagaStatus wanted = status == null ? null : Arrays.stream(SagaStatus.values())
                .filter(s -> s.name().equals(status)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("invalid-saga-status", "status must be one of "
                        + Arrays.toString(SagaStatus.values()), Map.of("parameter", "status")));
        var pageable = Paging.of(page, size, Sort.of(Sort.Order.asc("updatedAt"), Sort.Order.asc("orderId")));
        return PageView.of(administration.list(wanted, pageable), view -> view);
    }

    /** 202 while the compensation goes on, 200 once it has ended; 409 unless the saga is STUCK. */
    @Post("/{orderId}/retry")
    public HttpResponse<SagaView> retry(long orderId) {
        SagaView saga = administration.retry(orderId);
        return HttpResponse.<SagaView>status(saga.status() == SagaStatus.COMPENSATING ? HttpStatus.ACCEPTED
                : HttpStatus.OK).body(saga);
    }
}
