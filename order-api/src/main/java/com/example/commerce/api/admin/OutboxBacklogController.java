package com.example.commerce.api.admin;

import com.example.commerce.outbox.Backlog;
import com.example.commerce.outbox.OutboxClaimRepository;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The outbox's backlog as the relay's gauges report it: unpublished rows, parked rows and the age of the oldest
 * unpublished one. One query, served by the outbox's partial indexes.
 */
@Controller("/api/admin/outbox/backlog")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OutboxBacklogController {

    private final OutboxClaimRepository outbox;

    public OutboxBacklogController(OutboxClaimRepository outbox) {
        this.outbox = outbox;
    }

    /** @param unpublished rows waiting for the relay (parked ones are counted apart) */
    @Serdeable
    public record BacklogView(long unpublished, long parked, double oldestUnpublishedAgeSeconds) {
    }

    @Get
    public BacklogView backlog() {
        Backlog backlog = outbox.backlog();
        return new BacklogView(backlog.unpublished(), backlog.parked(), backlog.oldestUnpublishedAgeSeconds());
    }
}
