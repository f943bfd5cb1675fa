package com.example.commerce.api.admin;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.web.PageView;
import com.example.commerce.api.web.Paging;
import com.example.commerce.outbox.ParkedEvent;
import com.example.commerce.outbox.ParkedEvents;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Parked outbox events: rows the relay stopped retrying (see outbox-relay-fn). An operator fixes the cause, then
 * requeues one or all of them; the relay publishes them in their aggregate's order. The rules are the outbox
 * module's ({@link ParkedEvents}).
 */
@Controller("/api/admin/outbox/parked")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OutboxAdminController {

    private final ParkedEvents parked;

    public OutboxAdminController(ParkedEvents parked) {
        this.parked = parked;
    }

    @Serdeable
    public record Requeued(int requeued) {
    }

    /** Oldest first. */
    @Get
    public PageView<ParkedEvent> list(@QueryValue(defaultValue = "1") int page,
                                      @QueryValue(defaultValue = "20") int size) {
        Pageable pageable = Paging.of(page, size, Sort.UNSORTED);
        return new PageView<>(parked.list(size, pageable.getOffset()), page, size, parked.count());
    }

    @Post("/{id}/requeue")
    public Requeued requeue(long id) {
        if (!parked.requeue(id)) {
            throw ApiException.notFound("parked outbox event", id);
        }
        return new Requeued(1);
    }

    @Post("/requeue")
    public Requeued requeueAll() {
        return new Requeued(parked.requeueAll());
    }
}
