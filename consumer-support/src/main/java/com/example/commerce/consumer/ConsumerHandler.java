package com.example.commerce.consumer;

import java.util.List;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.example.commerce.consumer.idempotency.ProcessedEventsRetention;
import com.example.commerce.platform.lambda.FunctionEnvironments;
import com.example.commerce.platform.metrics.InvocationMetrics;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;

/**
 * The Lambda adapter of a consumer function, invoked by Amazon MSK triggers: the records of an invocation go to
 * the function's {@link EventBatchProcessor} as they came, grouped by partition and in offset order. A failure
 * fails the invocation and the trigger retries the batch, which the processed-event marks make safe. After a batch,
 * expired marks are deleted if this instance has not done so within the cleanup interval (Lambda has no schedule
 * for it).
 */
public abstract class ConsumerHandler extends MicronautRequestHandler<KafkaEvent, Void> {

    /**
     * The function's environment (its configuration is application-&lt;environment&gt;.yml). A method returning a
     * constant, not a field: the Lambda context is built in the superclass's constructor, before any field of a
     * handler is set.
     */
    protected abstract String environment();

    private Runnable metrics;

    /**
     * Ends with the function's counters as one CloudWatch EMF line ({@link InvocationMetrics}), also when the batch
     * fails: a failed invocation's retries and dead letters count too.
     */
    @Override
    public final Void execute(KafkaEvent event) {
        try {
            // Looked up, not injected: the subclasses declare no injection point, so they have no bean definition.
            var processor = getApplicationContext().getBean(EventBatchProcessor.class);
            List<IncomingEvent> batch = ReplayedDeadLetters.forAny(IncomingEvents.of(event), processor.consumerNames());
            if (!batch.isEmpty()) {
                processor.process(batch);
            }
            getApplicationContext().getBean(ProcessedEventsRetention.class).cleanupIfDue(processor.consumerName());
            return null;
        } finally {
            if (metrics == null) {
                metrics = invocationMetrics();
            }
            metrics.run();
        }
    }

    /**
     * What writes the function's counters after each invocation: the EMF writer. Overridable so that
     * bench/metrics-cold-start can measure other metrics libraries in the same function.
     */
    protected Runnable invocationMetrics() {
        return InvocationMetrics.forFunction(getApplicationContext(), environment());
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionEnvironments.select(super.newApplicationContextBuilder(), environment());
    }
}
