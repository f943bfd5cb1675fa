package com.example.commerce.consumer;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dead-letter convention of every consumer: a record that can never be processed is sent to a dead-letter
 * topic with its original key, value and headers, plus headers naming where it came from, why it failed and which
 * consumer gave up on it. {@link #publish} waits for the broker's acknowledgement, so the caller moves past the
 * record only once it is safely parked. Each consumer function wraps one of these around its own producer.
 */
public final class DeadLetters {

    public static final String ORIGINAL_TOPIC = "dlq.original.topic";
    public static final String ORIGINAL_PARTITION = "dlq.original.partition";
    public static final String ORIGINAL_OFFSET = "dlq.original.offset";
    public static final String ERROR = "dlq.error";
    public static final String CONSUMER = "dlq.consumer";
    /** Set when the original value was too large to dead-letter with the added headers and had to be left out. */
    public static final String VALUE_DROPPED = "dlq.value-dropped";
    private static final int MAX_ERROR_LENGTH = 1000;

    private final Supplier<Producer<byte[], byte[]>> producer;
    private final Duration timeout;

    /**
     * @param producer looked up at each dead letter, never before: on Lambda the producer must not exist when the
     *                 SnapStart snapshot is taken, or every instance restored from it would send under one producer
     *                 id and the broker would drop some of their records as duplicates (docs/deployment.md, SnapStart)
     */
    public DeadLetters(Supplier<Producer<byte[], byte[]>> producer, Duration timeout) {
        this.producer = producer;
        this.timeout = timeout;
    }

    public void publish(IncomingEvent event, String topic, String consumer, String error) {
        var headers = new RecordHeaders();
        event.headers().forEach(headers::add);
        headers.add(ORIGINAL_TOPIC, utf8(event.topic()));
        headers.add(ORIGINAL_PARTITION, utf8(String.valueOf(event.partition())));
        headers.add(ORIGINAL_OFFSET, utf8(String.valueOf(event.offset())));
        headers.add(ERROR, utf8(error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error));
        headers.add(CONSUMER, utf8(consumer));
        try {
            try {
                send(new ProducerRecord<>(topic, null, event.key(), event.value(), headers));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RecordTooLargeException)) {
                    throw e;
                }
                // Retrying could never succeed and would stall the partition: park the record without its value.
                headers.add(VALUE_DROPPED, utf8("true"));
                send(new ProducerRecord<>(topic, null, event.key(), null, headers));
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot dead-letter " + event.position() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while dead-lettering " + event.position(), e);
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record)
            throws ExecutionException, TimeoutException, InterruptedException {
        producer.get().send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
