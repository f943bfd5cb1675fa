package com.example.commerce.indexer;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.example.commerce.consumer.IncomingEvents;
import com.example.commerce.consumer.idempotency.ProcessedEventsRetention;
import com.example.commerce.platform.lambda.FunctionEnvironments;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;


/**
 * AWS Lambda entry point for Amazon MSK triggers on {@code catalog-events} and {@code order-events}: the records
 * of an invocation are one batch. A failure fails the invocation, so Lambda retries the batch, which the
 * processed-event marks and versioned writes make safe; a record that can never be applied is dead-lettered and the
 * invocation succeeds. After a batch, expired processed-event marks are deleted if this instance has not done so
 * within the cleanup interval (Lambda has no schedule for it). SAM Handler:
 * {@code com.example.commerce.indexer.IndexerHandler}.
 */
public class IndexerHandler extends MicronautRequestHandler<KafkaEvent, Void> {

    public static final String ENVIRONMENT = "indexer-fn";

    @Inject
    IndexerService indexer;

    @Inject
    ProcessedEventsRetention retention;

    @Override
    public Void execute(KafkaEvent event) {
        indexer.process(IncomingEvents.of(event));
        retention.cleanupIfDue(IndexerService.CONSUMER);
        return null;
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionEnvironments.select(super.newApplicationContextBuilder(), ENVIRONMENT);
    }
}
