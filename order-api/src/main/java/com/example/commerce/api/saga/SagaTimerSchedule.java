package com.example.commerce.api.saga;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link SagaTimer} every {@code commerce.saga.timer-interval} in a long-running process. On Lambda an
 * EventBridge schedule invokes {@link SagaTimerHandler} instead.
 */
@Singleton
@Requires(notEnv = Environment.FUNCTION)
@Requires(property = "commerce.saga.timer.enabled", notEquals = "false")
class SagaTimerSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(SagaTimerSchedule.class);

    private final SagaTimer timer;

    SagaTimerSchedule(SagaTimer timer) {
        this.timer = timer;
    }

    @Scheduled(fixedDelay = "${commerce.saga.timer-interval:5s}", initialDelay = "${commerce.saga.timer-interval:5s}")
    void run() {
        try {
            timer.run();
        } catch (RuntimeException e) {
            LOG.warn("Saga timer pass failed; the next pass retries: {}", e.toString());
        }
    }
}
