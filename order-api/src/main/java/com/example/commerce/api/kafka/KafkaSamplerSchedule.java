package com.example.commerce.api.kafka;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/**
 * Samples the cluster every {@code commerce.console.sample-interval} in a long-running server, so that the console
 * shows the last 15 minutes as soon as it is opened. Not on Lambda, where nothing runs between invocations.
 */
@Singleton
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.console.sampler.enabled", notEquals = "false")
@Requires(notEnv = Environment.FUNCTION)
class KafkaSamplerSchedule {

    private final KafkaSampler sampler;

    KafkaSamplerSchedule(KafkaSampler sampler) {
        this.sampler = sampler;
    }

    @Scheduled(fixedDelay = "${commerce.console.sample-interval:5s}", initialDelay = "${commerce.console.sample-interval:5s}")
    void sample() {
        try {
            sampler.sample();
        } catch (RuntimeException e) {
            sampler.logFailure(e);
        }
    }
}
