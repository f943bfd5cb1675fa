package com.example.commerce.api.saga;

import com.example.commerce.api.lambda.OrderApiHandler;
import com.example.commerce.consumer.ConsumerHandler;
import io.micronaut.context.ApplicationContextBuilder;

/**
 * AWS Lambda entry point for an Amazon MSK trigger on {@code inventory-events} and {@code shipping-events} (group
 * {@value OrderSaga#CONSUMER}): {@link OrderSaga} applies each record once; those that can never be processed go
 * to their topic's dead-letter topic; any other failure fails the invocation and Lambda retries the batch.
 * Deployed from the order-api jar in environment {@value #ENVIRONMENT} (on top of order-api's).
 * SAM Handler: {@code com.example.commerce.api.saga.OrderSagaHandler}.
 */
public class OrderSagaHandler extends ConsumerHandler {

    public static final String ENVIRONMENT = "order-saga";

    @Override
    protected String environment() {
        return ENVIRONMENT;
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return super.newApplicationContextBuilder().environments(OrderApiHandler.ENVIRONMENT);
    }
}
