package com.example.commerce.api.kafka;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

/**
 * Kafka as the operations console shows it: topics with their partitions, leaders, end offsets and throughput, and
 * consumer groups with their members, assignment, lag and rebalances, each with its history over the sampler's
 * window (see {@link KafkaSampler}). 503 when Kafka does not answer in time.
 */
@Controller("/api/admin/kafka")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "kafka.enabled", notEquals = "false")
public class KafkaAdminController {

    private final KafkaSampler sampler;

    public KafkaAdminController(KafkaSampler sampler) {
        this.sampler = sampler;
    }

    /** Every topic but Kafka's internal ones, by name. */
    @Get("/topics")
    public KafkaViews.Topics topics() {
        return KafkaViews.topics(sampler.window());
    }

    /** Every consumer group, by id, with its total lag over the window for charts. */
    @Get("/groups")
    public KafkaViews.Groups groups() {
        return KafkaViews.groups(sampler.window());
    }
}
