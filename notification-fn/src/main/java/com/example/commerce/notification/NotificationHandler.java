package com.example.commerce.notification;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.example.commerce.consumer.IncomingEvents;
import com.example.commerce.consumer.idempotency.ProcessedEventsRetention;
import com.example.commerce.platform.lambda.FunctionEnvironments;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * AWS Lambda entry point for an Amazon MSK trigger on {@code order-events}. Each record is processed once
 * (duplicates are absorbed), those that can never be processed go to the dead-letter topic and the invocation
 * still succeeds. Any other failure fails the invocation, so Lambda retries the whole batch, which idempotency
 * makes safe. After a batch, expired processed-event marks are deleted if this instance has not done so within
 * the cleanup interval (Lambda has no schedule for it). SAM Handler: {@code com.example.commerce.notification.NotificationHandler}.
 */
public class NotificationHandler extends MicronautRequestHandler<KafkaEvent, Void> {

    public static final String ENVIRONMENT = "notification-fn";

    @Inject
    NotificationProcessor notifications;

    @Inject
    ProcessedEventsRetention retention;

    @Override
    public Void execute(KafkaEvent event) {
        IncomingEvents.of(event).forEach(notifications::process);
        retention.cleanupIfDue(NotificationProcessor.CONSUMER);
        return null;
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionEnvironments.select(super.newApplicationContextBuilder(), ENVIRONMENT);
    }
}
