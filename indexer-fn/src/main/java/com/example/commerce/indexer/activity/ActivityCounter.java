package com.example.commerce.indexer.activity;

import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.consumer.PoisonRecords;
import com.example.commerce.consumer.idempotency.ProcessedEvents;
import com.example.commerce.consumer.idempotency.ProcessedEventsRetention;
import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Topics;
import com.example.commerce.contract.activity.ActivityPayload;
import com.example.commerce.contract.activity.UserActivityEventReader;
import com.example.commerce.contract.activity.UserActivityEventType;
import com.example.commerce.indexer.IndexerConfiguration;
import io.micronaut.configuration.kafka.ProducerRegistry;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts platform.users.activity into user_activity_daily: each user's log-ins, channel joins and messages posted
 * per day, the day in UTC from the event's occurredAt. Exactly once per event: the processed-event marks
 * (consumer {@value #CONSUMER}) and the counts of a batch are written in one transaction, marks in event id order
 * and then one upsert per (day, user) in that order, so concurrent batches cannot deadlock and a redelivered event
 * counts nothing. A record that can never be counted (malformed, or refused by the database as data) goes to
 * platform.users.activity-dlq and the batch goes on; any other failure fails the batch, which is retried, never
 * skipped. Called by {@link ActivityListener} locally and, on Lambda, by indexer-fn's handler for the records of
 * the trigger on platform.users.activity.
 */
@Singleton
public class ActivityCounter {

    private static final Argument<byte[]> BYTES = Argument.of(byte[].class);

    /** The local consumer group, and the consumer name in processed_events and dead-letter headers. */
    public static final String CONSUMER = "activity-counter";
    private static final Logger LOG = LoggerFactory.getLogger(ActivityCounter.class);

    private record Counted(IncomingEvent record, ConsumedEvent<UserActivityEventType, ActivityPayload> event) {
    }

    private record Key(LocalDate day, long userId) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            return Comparator.comparing(Key::day).thenComparingLong(Key::userId).compare(this, other);
        }
    }

    private final UserActivityEventReader reader;
    private final DailyActivityRepository daily;
    private final ProcessedEvents processedEvents;
    private final ProcessedEventsRetention retention;
    private final TransactionOperations<Connection> transactions;
    private final DeadLetters deadLetters;

    ActivityCounter(JsonMapper json, DailyActivityRepository daily, ProcessedEvents processedEvents,
                    ProcessedEventsRetention retention, TransactionOperations<Connection> transactions,
                    ProducerRegistry producers, IndexerConfiguration config) {
        this.reader = new UserActivityEventReader(json);
        this.daily = daily;
        this.processedEvents = processedEvents;
        this.retention = retention;
        this.transactions = transactions;
        this.deadLetters = new DeadLetters(() -> producers.getProducer("indexer-dlq", BYTES, BYTES),
                config.dlqTimeout());
    }

    /** One attempt at a batch; throws if it could not be completed now (the caller retries it). */
    public void process(List<IncomingEvent> batch) {
        var events = new ArrayList<Counted>();
        for (IncomingEvent record : batch) {
            try {
                reader.read(record.value()).ifPresent(event -> events.add(new Counted(record, event)));
            } catch (MalformedEventException e) {
                deadLetter(record, e.getMessage());
            }
        }
        if (events.isEmpty()) {
            return;
        }
        try {
            transactions.executeWrite(tx -> count(events));
            return;
        } catch (RuntimeException e) {
            if (PoisonRecords.permanentCause(e) == null) {
                throw e;
            }
            LOG.warn("Batch of {} activity events refused; counting them one at a time", events.size());
        }
        // Find the events that can never be counted; the others are committed one by one.
        for (Counted event : events) {
            try {
                transactions.executeWrite(tx -> count(List.of(event)));
            } catch (RuntimeException e) {
                String cause = PoisonRecords.permanentCause(e);
                if (cause == null) {
                    throw e;
                }
                deadLetter(event.record(), cause);
            }
        }
    }

    /** For indexer-fn's Lambda handler: the batch, then this consumer's expired marks if their cleanup is due. */
    public void processTriggered(List<IncomingEvent> batch) {
        process(batch);
        retention.cleanupIfDue(CONSUMER);
    }

    private int count(List<Counted> events) {
        var byEventId = new ArrayList<>(events);
        byEventId.sort(Comparator.comparing(counted -> counted.event().eventId()));
        Map<Key, long[]> counts = new TreeMap<>();
        for (Counted counted : byEventId) {
            if (!processedEvents.markProcessed(CONSUMER, counted.event().eventId())) {
                continue;
            }
            var payload = counted.event().payload();
            var key = new Key(LocalDate.ofInstant(payload.occurredAt(), ZoneOffset.UTC), payload.userId());
            long[] count = counts.computeIfAbsent(key, k -> new long[3]);
            count[counted.event().type().ordinal()]++;
        }
        counts.forEach((key, count) -> daily.add(key.userId(), key.day(),
                count[UserActivityEventType.USER_LOGGED_IN.ordinal()],
                count[UserActivityEventType.CHANNEL_JOINED.ordinal()],
                count[UserActivityEventType.MESSAGE_POSTED.ordinal()]));
        return counts.size();
    }

    private void deadLetter(IncomingEvent record, String cause) {
        LOG.warn("Dead-lettering record {} that can never be counted: {}", record.position(), cause);
        deadLetters.publish(record, Topics.USER_ACTIVITY_DLQ, CONSUMER, cause);
    }
}
