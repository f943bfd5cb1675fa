package com.example.commerce.consumer;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.example.commerce.consumer.idempotency.ProcessedEventsRetention;
import com.example.commerce.platform.lambda.FunctionEnvironments;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The Lambda adapter of a consumer function, invoked by Amazon MSK triggers: the records of an invocation are
 * handed to the function's service as they came, grouped by partition and in offset order. A failure fails the
 * invocation and the trigger retries the batch, which the processed-event marks make safe. After a batch, expired
 * marks are deleted if this instance has not done so within the cleanup interval (Lambda has no schedule for it).
 */
public abstract class ConsumerHandler extends MicronautRequestHandler<KafkaEvent, Void> {

    @Inject
    ProcessedEventsRetention retention;

    /** The function's configuration, application-&lt;environment&gt;.yml. */
    protected abstract String environment();

    /** The name its processed-event marks are written under. */
    protected abstract String consumerName();

    /** Hands the invocation's records to the function's service; throws to have the batch retried. */
    protected abstract void process(List<IncomingEvent> records);

    @Override
    public final Void execute(KafkaEvent event) {
        process(IncomingEvents.of(event));
        retention.cleanupIfDue(consumerName());
        return null;
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionEnvironments.select(super.newApplicationContextBuilder(), environment());
    }
}
