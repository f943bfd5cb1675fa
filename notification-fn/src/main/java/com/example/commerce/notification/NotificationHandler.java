package com.example.commerce.notification;

import com.example.commerce.consumer.ConsumerHandler;

/**
 * AWS Lambda entry point for the Amazon MSK triggers on {@code order-events}, {@code payment-events} and
 * {@code platform.messages}: {@link NotificationProcessor} processes
 * the records of an invocation as one batch, each record once (duplicates are absorbed); those that can never be
 * processed go to the dead-letter topic and
 * the invocation still succeeds; any other failure fails the invocation and Lambda retries the batch. SAM Handler:
 * {@code com.example.commerce.notification.NotificationHandler}.
 */
public class NotificationHandler extends ConsumerHandler {

    public static final String ENVIRONMENT = "notification-fn";

    @Override
    protected String environment() {
        return ENVIRONMENT;
    }
}
