package com.example.commerce.relay;

import com.example.commerce.contract.Topics;
import com.example.commerce.platform.lambda.SnapStartPriming;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;

/**
 * The relay's hot path, run once before a SnapStart snapshot: a real pass over the outbox (the claim's SQL, the
 * sends and the marking of whatever is due, JSON of the rows' headers) and a metadata request of the producer;
 * then the producer is closed, so that the snapshot holds no producer id and no connection ({@link RelayProducer}).
 */
@Singleton
@Requires(property = "crac.enabled", value = "true")
@Requires(beans = OutboxRelay.class)
class RelayPriming implements SnapStartPriming.Primer {

    private static final Duration PASS_LIMIT = Duration.ofSeconds(10);

    private final OutboxRelay relay;
    private final RelayProducer producer;

    RelayPriming(OutboxRelay relay, RelayProducer producer) {
        this.relay = relay;
        this.producer = producer;
    }

    @Override
    public String name() {
        return "relay pass and producer metadata, producer closed";
    }

    @Override
    public void prime() {
        try {
            relay.publishBatch(Instant.now().plus(PASS_LIMIT));
            producer.get().partitionsFor(Topics.ORDER_EVENTS);
        } finally {
            producer.close();
        }
    }
}
