package com.example.commerce.relay;

import io.micronaut.configuration.kafka.KafkaProducerFactory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The relay's Kafka producer (configuration {@code kafka.producers.outbox-relay}: {@code acks=all}, idempotent),
 * created on first use and closed before a SnapStart snapshot ({@link RelayPriming}).
 *
 * <p>Why it is not simply injected: an idempotent producer asks the broker for a producer id as soon as it starts,
 * and numbers its records per partition under that id. Left open in a snapshot, every instance restored from it
 * would send under the same id from the same sequence numbers, and the broker would take a second instance's
 * records for duplicates of the first's and drop them, acknowledged. Closed, each restored instance starts its own.
 */
@Singleton
@Requires(property = "kafka.enabled", notEquals = "false")
public class RelayProducer implements Supplier<Producer<String, byte[]>> {

    static final String CLIENT = "outbox-relay";
    /** Bounds the wait for records still in flight when the producer closes. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaProducerFactory producers;
    private Producer<String, byte[]> current;

    public RelayProducer(KafkaProducerFactory producers) {
        this.producers = producers;
    }

    @Override
    public synchronized Producer<String, byte[]> get() {
        if (current == null) {
            current = producers.getProducer(CLIENT, Argument.STRING, Argument.of(byte[].class));
        }
        return current;
    }

    /** Closes the producer, waiting for what it has in flight; the next {@link #get()} starts a new one. */
    public synchronized void close() {
        if (current != null) {
            producers.close(current); // only forgets it, so that the next getProducer creates a new one
            current.close(CLOSE_TIMEOUT);
            current = null;
        }
    }

    /**
     * Closes {@code failed} if it is still the current producer: when several passes saw it fail, the first replaces
     * it, and the others leave its successor alone.
     */
    public synchronized void closeIfCurrent(Producer<String, byte[]> failed) {
        if (current == failed) {
            close();
        }
    }

    public synchronized boolean isOpen() {
        return current != null;
    }
}
