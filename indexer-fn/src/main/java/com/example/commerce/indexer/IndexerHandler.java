package com.example.commerce.indexer;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.example.commerce.shared.event.IncomingEvents;
import com.example.commerce.shared.idempotency.ProcessedEventsRetention;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;
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
        // Naming an environment drops the defaults "function" and "lambda", which keep the local adapters (Kafka
        // listeners, schedules) out of a Lambda: they are named too.
        return super.newApplicationContextBuilder()
                .environments(ENVIRONMENT, Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA);
    }
}
