package com.example.commerce.notification;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.example.commerce.shared.event.IncomingEvent;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS Lambda entry point for an Amazon MSK trigger on {@code order-events}. Each record is processed once
 * (duplicates are absorbed), malformed ones go to the dead-letter topic and the invocation still succeeds. Any
 * other failure fails the invocation, so Lambda retries the whole batch, which idempotency makes safe. SAM
 * Handler: {@code com.example.commerce.notification.NotificationHandler}.
 */
public class NotificationHandler extends MicronautRequestHandler<KafkaEvent, Void> {

    public static final String ENVIRONMENT = "notification-fn";

    @Inject
    NotificationService notifications;

    @Override
    public Void execute(KafkaEvent event) {
        if (event.getRecords() == null) {
            return null;
        }
        // Records arrive grouped by topic-partition, in offset order within each.
        event.getRecords().values().forEach(records -> records.forEach(
                record -> notifications.process(toIncoming(record))));
        return null;
    }

    private static IncomingEvent toIncoming(KafkaEvent.KafkaEventRecord record) {
        return new IncomingEvent(record.getTopic(), record.getPartition(), record.getOffset(),
                decode(record.getKey()), decode(record.getValue()), headers(record.getHeaders()));
    }

    /** MSK delivers header values as arrays of signed bytes. */
    private static Map<String, byte[]> headers(List<Map<String, byte[]>> headers) {
        var merged = new HashMap<String, byte[]>();
        if (headers != null) {
            headers.forEach(merged::putAll);
        }
        return merged;
    }

    private static byte[] decode(String base64) {
        return base64 == null ? null : Base64.getDecoder().decode(base64);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        // Naming an environment drops the defaults "function" and "lambda", which keep the local adapters (Kafka
        // listeners, schedules) out of a Lambda: they are named too.
        return super.newApplicationContextBuilder()
                .environments(ENVIRONMENT, Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA);
    }
}
