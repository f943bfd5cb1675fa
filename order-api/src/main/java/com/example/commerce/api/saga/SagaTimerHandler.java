package com.example.commerce.api.saga;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.example.commerce.api.lambda.OrderApiHandler;
import com.example.commerce.platform.lambda.FunctionEnvironments;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;

/**
 * AWS Lambda entry point of the {@link SagaTimer}, invoked by an EventBridge schedule (rate(1 minute)); one pass
 * per invocation. Deployed from the order-api jar in environment {@value OrderSagaHandler#ENVIRONMENT}.
 * SAM Handler: {@code com.example.commerce.api.saga.SagaTimerHandler}.
 */
public class SagaTimerHandler extends MicronautRequestHandler<ScheduledEvent, SagaTimer.Pass> {

    @Override
    public SagaTimer.Pass execute(ScheduledEvent event) {
        // Looked up, not injected: this class declares no injection point, so it has no bean definition.
        return getApplicationContext().getBean(SagaTimer.class).run();
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionEnvironments.select(super.newApplicationContextBuilder(), OrderSagaHandler.ENVIRONMENT)
                .environments(OrderApiHandler.ENVIRONMENT);
    }
}
