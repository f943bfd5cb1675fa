package com.example.commerce.relay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.example.commerce.platform.lambda.FunctionEnvironments;
import com.example.commerce.platform.metrics.InvocationMetrics;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;

/**
 * AWS Lambda entry point, invoked by an EventBridge schedule: cleans up, then drains the outbox until shortly
 * before the invocation's time-out. SAM Handler: {@code com.example.commerce.relay.OutboxRelayHandler}.
 */
public class OutboxRelayHandler extends MicronautRequestHandler<ScheduledEvent, Void> {

    public static final String ENVIRONMENT = "outbox-relay-fn";

    @Inject
    OutboxRelay relay;

    @Inject
    RelayConfiguration config;

    private Runnable metrics;

    @Override
    public Void execute(ScheduledEvent event) {
        long remainingMillis = getApplicationContext().findBean(Context.class)
                .map(Context::getRemainingTimeInMillis).orElse(60_000);
        Instant deadline = Instant.now().plus(Duration.ofMillis(remainingMillis)).minus(config.lambdaSafetyMargin());
        try {
            relay.cleanup(deadline);
            relay.drainUntil(deadline, config.idlePause());
            return null;
        } finally {
            // Published, failed and parked counts, backlog and oldest age: one CloudWatch EMF line per invocation.
            if (metrics == null) {
                metrics = InvocationMetrics.forFunction(getApplicationContext(), ENVIRONMENT);
            }
            metrics.run();
        }
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionEnvironments.select(super.newApplicationContextBuilder(), ENVIRONMENT);
    }
}
