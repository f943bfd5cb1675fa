package com.example.commerce.notification;

import com.example.commerce.consumer.ConsumerHandler;
import com.example.commerce.consumer.IncomingEvent;
import jakarta.inject.Inject;

import java.util.List;

/**
 * AWS Lambda entry point for an Amazon MSK trigger on {@code order-events}. Each record is processed once
 * (duplicates are absorbed), those that can never be processed go to the dead-letter topic and the invocation
 * still succeeds; any other failure fails the invocation and Lambda retries the batch. SAM Handler:
 * {@code com.example.commerce.notification.NotificationHandler}.
 */
public class NotificationHandler extends ConsumerHandler {

    public static final String ENVIRONMENT = "notification-fn";

    @Inject
    NotificationProcessor notifications;

    @Override
    protected String environment() {
        return ENVIRONMENT;
    }

    @Override
    protected String consumerName() {
        return NotificationProcessor.CONSUMER;
    }

    @Override
    protected void process(List<IncomingEvent> records) {
        records.forEach(notifications::process);
    }
}
