package com.example.commerce.api.deadletter;

import com.example.commerce.api.web.PageView;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/**
 * Dead-letter topics (names ending {@code -dlq}) for administrators: read them page by page, replay a record to its
 * original topic, discard it. 404 for any other topic and for a partition or offset that holds no record; 409 for
 * replaying a discarded record or discarding it again. Each replay and discard is audited with the caller's name.
 */
@Controller("/api/admin/dlq")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "kafka.enabled", notEquals = "false")
public class DeadLetterController {

    private final DeadLetterAdministration administration;

    public DeadLetterController(DeadLetterAdministration administration) {
        this.administration = administration;
    }

    /** Oldest first, partition by partition; {@code total} is the number of records the topic holds. */
    @Get("/{topic}")
    public PageView<DeadLetterView> list(String topic, @QueryValue(defaultValue = "1") int page,
                                         @QueryValue(defaultValue = "20") int size) {
        return administration.list(topic, page, size);
    }

    /** Publishes the record again to its original topic, with its key and the same event (same eventId). */
    @Post("/{topic}/{partition}/{offset}/replay")
    public DeadLetterView replay(String topic, int partition, long offset, Authentication caller) {
        return administration.replay(topic, partition, offset, caller.getName());
    }

    /** Marks the record discarded: it stays in the topic, shown as discarded, and can no longer be replayed. */
    @Post("/{topic}/{partition}/{offset}/discard")
    public DeadLetterView discard(String topic, int partition, long offset, Authentication caller) {
        return administration.discard(topic, partition, offset, caller.getName());
    }
}
