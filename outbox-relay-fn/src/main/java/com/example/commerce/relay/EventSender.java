package com.example.commerce.relay;

import com.example.commerce.outbox.OutboxRow;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends outbox rows to Kafka through the relay's producer ({@code acks=all}, idempotent: see
 * application-outbox-relay-fn.properties). A record is keyed by aggregate id, so one aggregate stays on one partition, and
 * carries the event's identity in headers besides the row's own (traceparent). An instance sends through one
 * producer, the first it gets, and is used by one thread: {@link RelayPass} takes one per pass ({@link #forPass}).
 */
final class EventSender {

    private static final Argument<Map<String, String>> HEADERS = Argument.mapOf(String.class, String.class);

    private final Supplier<Producer<String, byte[]>> producer;
    private final Consumer<Producer<String, byte[]>> replaceProducer;
    private final ObjectMapper objectMapper;
    /** The producer this sender sent through, once it has ({@link #forPass}); null before. */
    private Producer<String, byte[]> used;

    /**
     * @param replaceProducer closes the producer given if it is still the current one, so that {@code producer}
     *                        hands out a new one next time
     */
    EventSender(Supplier<Producer<String, byte[]>> producer, Consumer<Producer<String, byte[]>> replaceProducer,
                ObjectMapper objectMapper) {
        this.producer = producer;
        this.replaceProducer = replaceProducer;
        this.objectMapper = objectMapper;
    }

    /**
     * After a failure that leaves the producer refusing every send ({@link SendFailures#producerFailed}): replaces
     * the producer this sender sent through, unless another pass has replaced it already.
     */
    void replaceProducer() {
        if (used != null) {
            replaceProducer.accept(used);
        }
    }

    /**
     * The sender of one pass: every send of the pass through the producer that was current at its first send. A
     * producer another worker replaces meanwhile fails the rest of this pass's sends (not the row's failure), and
     * never sends an aggregate's earlier row on one producer and its later row on another.
     */
    EventSender forPass() {
        return new EventSender(producer, replaceProducer, objectMapper);
    }

    /** Never throws: a send that fails at once is a failed future, like one the broker refuses. */
    Future<RecordMetadata> send(OutboxRow row) {
        try {
            var headers = new RecordHeaders();
            headers.add("eventId", utf8(row.eventId().toString()));
            headers.add("eventType", utf8(row.eventType()));
            headers.add("aggregateType", utf8(row.aggregateType()));
            headers.add("aggregateVersion", utf8(String.valueOf(row.aggregateVersion())));
            extraHeaders(row).forEach((name, value) -> headers.add(name, utf8(value)));
            if (used == null) {
                used = producer.get();
            }
            return used.send(new ProducerRecord<>(row.topic(), null, row.aggregateId(), utf8(row.event()), headers));
        } catch (RuntimeException e) {
            // send() itself fails for e.g. a serialization problem or no metadata within max.block.ms.
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Waits for the broker's acknowledgement until {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @return null when acknowledged, otherwise why not
     */
    static Exception await(Future<RecordMetadata> acknowledgement, long deadlineNanos) {
        try {
            acknowledgement.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private Map<String, String> extraHeaders(OutboxRow row) {
        try {
            Map<String, String> headers = objectMapper.readValue(row.headers(), HEADERS);
            return headers == null ? Map.of() : headers;
        } catch (IOException e) {
            throw new UncheckedIOException("Outbox row " + row.id() + " has malformed headers", e);
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
