package com.example.commerce.notification;

import com.example.commerce.consumer.EventBatchProcessor;
import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.consumer.PoisonRecords;
import com.example.commerce.consumer.RolledBack;
import com.example.commerce.consumer.idempotency.ProcessedEvents;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Topics;
import com.example.commerce.contract.notification.NotificationEventType;
import com.example.commerce.contract.notification.NotificationSentPayload;
import com.example.commerce.notifications.NewNotification;
import com.example.commerce.notifications.Notification;
import com.example.commerce.notifications.NotificationInserts;
import com.example.commerce.outbox.Outbox;
import com.example.commerce.platform.trace.TraceLogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns order and payment events into notifications, and the mentions of platform.messages events into MENTION
 * notifications ({@link MentionNotifications}), exactly once per event. A delivery (one poll, one MSK invocation)
 * is written in one transaction of three statements: the processed-event marks of all its events
 * ({@link ProcessedEvents}), the notifications of the events marked now ({@link NotificationInserts}) and one
 * NOTIFICATION_SENT event per notification created, through the outbox. An event whose mark was already there
 * (a redelivered batch, or the same event twice in one) creates nothing. A record that can never be processed
 * (malformed, or refused by the database as data: {@link PoisonRecords}) goes to the dead-letter topic and the
 * others are still written: a batch the database refuses is written again one event per transaction, so that only
 * the refused event is dead-lettered. Any other failure (database or broker unavailable) fails the whole delivery,
 * which is retried and never skips an event. Both adapters, {@link NotificationListener} and
 * {@link NotificationHandler}, call {@link #process(List)}. Events that get no notification
 * ({@link NotificationTemplates}) are skipped.
 */
@Singleton
public class NotificationProcessor implements EventBatchProcessor {

    /** The consumer group, and the consumer name in processed_events and dead-letter headers. */
    public static final String CONSUMER = "notification-service";
    private static final Logger LOG = LoggerFactory.getLogger(NotificationProcessor.class);

    /** What became of one record. */
    public enum Outcome { CREATED, DUPLICATE, SKIPPED, DEAD_LETTERED }

    /** A record that asks for notifications: its event id (the mark) and the notifications. */
    private record Pending(IncomingEvent record, UUID eventId, List<NewNotification> notifications) {
    }

    /** A record that can never be processed, and why. */
    private record Poison(IncomingEvent record, String cause) {
    }

    private final OrderEventParser orders;
    private final PaymentEventParser payments;
    private final MentionNotifications mentions;
    private final NotificationTemplates templates;
    private final NotificationInserts notifications;
    private final Outbox outbox;
    private final ProcessedEvents processedEvents;
    private final DeadLetterPublisher deadLetters;
    private final TransactionOperations<Connection> transactions;
    private final Map<Outcome, Counter> outcomes;
    private final Counter retries;

    public NotificationProcessor(OrderEventParser orders, PaymentEventParser payments, MentionNotifications mentions,
                                 NotificationTemplates templates, NotificationInserts notifications, Outbox outbox,
                                 ProcessedEvents processedEvents, DeadLetterPublisher deadLetters,
                                 TransactionOperations<Connection> transactions, MeterRegistry meters) {
        this.orders = orders;
        this.payments = payments;
        this.mentions = mentions;
        this.templates = templates;
        this.notifications = notifications;
        this.outbox = outbox;
        this.processedEvents = processedEvents;
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        this.outcomes = Map.of(
                Outcome.CREATED, counter(meters, "created"),
                Outcome.DUPLICATE, counter(meters, "duplicate"),
                Outcome.SKIPPED, counter(meters, "skipped"),
                Outcome.DEAD_LETTERED, counter(meters, "dead_lettered"));
        this.retries = Counter.builder("notification.retries")
                .description("Failed attempts to process a delivery of events, which will be retried").register(meters);
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("notification.events").tag("outcome", outcome)
                .description("Order and payment events consumed, by outcome").register(meters);
    }

    @Override
    public String consumerName() {
        return CONSUMER;
    }

    /**
     * One attempt at one delivery, records in the order given (offset order within each partition). Throws if it
     * could not be processed now: the caller retries the whole delivery, never skips it (the local consumer seeks
     * back to the batch after {@code commerce.consumer.retry-delay}; on Lambda the invocation fails and the trigger
     * retries the batch); what an earlier attempt committed is then absorbed as duplicates. Offsets move on only
     * after this returns, i.e. after the delivery's transaction committed and its poison was dead-lettered.
     */
    @Override
    public void process(List<IncomingEvent> batch) {
        try {
            attempt(batch);
        } catch (RuntimeException e) {
            retries.increment();
            LOG.warn("Batch of {} records from {} not processed, to be retried: {}", batch.size(),
                    batch.isEmpty() ? "-" : batch.get(0).position(), e.toString());
            throw e;
        }
    }

    private void attempt(List<IncomingEvent> batch) {
        var pending = new ArrayList<Pending>();
        var poison = new ArrayList<Poison>();
        var seen = new HashSet<UUID>();
        for (IncomingEvent record : batch) {
            try {
                read(record).ifPresentOrElse(event -> {
                    if (seen.add(event.eventId())) {
                        pending.add(event);
                    } else {
                        counted(Outcome.DUPLICATE); // the same event earlier in this delivery
                    }
                }, () -> counted(Outcome.SKIPPED));
            } catch (MalformedEventException e) {
                poison.add(new Poison(record, e.getMessage()));
            }
        }
        try {
            write(pending);
        } catch (RuntimeException e) {
            if (PoisonRecords.permanentCause(e) == null) {
                throw e;
            }
            // The same statements would be refused on every retry: find the events they refuse, write the others.
            LOG.warn("Batch of {} events refused by the database; writing them one at a time", pending.size());
            for (Pending event : pending) {
                try {
                    write(List.of(event));
                } catch (RuntimeException refused) {
                    String cause = PoisonRecords.permanentCause(refused);
                    if (cause == null) {
                        throw refused;
                    }
                    poison.add(new Poison(event.record(), cause));
                }
            }
        }
        // After the commit: a delivery retried for a transient failure sends its poison once, not once per attempt.
        poison.sort((a, b) -> Long.compare(a.record().offset(), b.record().offset()));
        for (Poison dead : poison) {
            TraceLogContext.around(dead.record().trace(), () -> {
                LOG.warn("Dead-lettering record {} that can never be processed: {}", dead.record().position(),
                        dead.cause());
                deadLetters.publish(dead.record(), CONSUMER, dead.cause());
                return counted(Outcome.DEAD_LETTERED);
            });
        }
    }

    /**
     * The record's event and its notifications, or empty if it asks for none (skipped).
     *
     * @throws MalformedEventException if the record can never be processed
     */
    private Optional<Pending> read(IncomingEvent record) {
        if (Topics.MESSAGES.equals(record.topic())) {
            return mentions.parse(record.value())
                    .filter(parsed -> !parsed.mentions().isEmpty())
                    .map(parsed -> new Pending(record, parsed.eventId(), parsed.mentions().stream()
                            .map(m -> new NewNotification(m.userId(), null, MentionNotifications.TYPE, m.message(),
                                    m.sourceId(), m.channelId(), m.messageId()))
                            .toList()));
        }
        Optional<? extends NotifiableEvent> parsed = Topics.PAYMENT_EVENTS.equals(record.topic())
                ? payments.parse(record.value()) : orders.parse(record.value());
        return parsed.flatMap(event -> templates.message(event).map(message -> new Pending(record, event.eventId(),
                List.of(new NewNotification(event.userId(), event.orderId(), event.eventType(), message,
                        event.eventId(), null, null)))));
    }

    /**
     * The hot path of one delivery with nothing kept, for the SnapStart priming ({@link NotificationPriming}): the
     * records are read as {@link #process} reads them, and written with the same statements (the marks, the
     * notifications and their NOTIFICATION_SENT events through the outbox) in a transaction that is rolled back
     * ({@link RolledBack}). Counts nothing and never dead-letters: a record that would be skipped or dead-lettered
     * fails the rehearsal instead, as does a database refusal.
     *
     * @return the number of notifications the delivery would have created
     */
    int rehearse(List<IncomingEvent> batch) {
        var pending = new ArrayList<Pending>();
        for (IncomingEvent record : batch) {
            pending.add(read(record).orElseThrow(() -> new IllegalArgumentException(
                    "record " + record.position() + " asks for no notification")));
        }
        return RolledBack.run(transactions, tx -> {
            Set<UUID> marked = writeInTransaction(tx.getConnection(), pending);
            return pending.stream().filter(event -> marked.contains(event.eventId()))
                    .mapToInt(event -> event.notifications().size()).sum();
        });
    }

    /** The events' marks, the notifications of those marked now and their NOTIFICATION_SENT events: one transaction. */
    private void write(List<Pending> events) {
        if (events.isEmpty()) {
            return;
        }
        Set<UUID> marked = transactions.executeWrite(tx -> {
            try {
                return writeInTransaction(tx.getConnection(), events);
            } catch (SQLException e) {
                // Unchecked, so that it rolls the transaction back and reaches the poison rule as it is.
                throw new DataAccessException("Cannot write " + events.size() + " events' notifications: "
                        + e.getMessage(), e);
            }
        });
        for (Pending event : events) {
            counted(marked.contains(event.eventId()) ? Outcome.CREATED : Outcome.DUPLICATE);
        }
    }

    /** @return the ids of the events marked now, i.e. whose notifications were written */
    private Set<UUID> writeInTransaction(Connection connection, List<Pending> events) throws SQLException {
        Set<UUID> now = processedEvents.markProcessed(connection, CONSUMER,
                events.stream().map(Pending::eventId).toList());
        var rows = new ArrayList<NewNotification>();
        var causes = new HashMap<UUID, IncomingEvent>();
        for (Pending event : events) {
            if (now.contains(event.eventId())) {
                rows.addAll(event.notifications());
                event.notifications().forEach(n -> causes.put(n.sourceEventId(), event.record()));
            }
        }
        sent(connection, notifications.insertAllIfAbsent(connection, rows), causes);
        return now;
    }

    /**
     * NOTIFICATION_SENT (platform.notifications.sent, keyed by user id) for each notification just created, in its
     * transaction: the event exists if and only if the notification does, and a notification left out as already
     * there writes no event either. Each continues the trace of the record that caused it.
     */
    private void sent(Connection connection, List<Notification> created, Map<UUID, IncomingEvent> causes)
            throws SQLException {
        // A notification never changes: its id, which grows with the user's notifications, is the version.
        outbox.appendAll(connection, NotificationEventType.NOTIFICATION_SENT, created.stream()
                .map(n -> new Outbox.NewEvent<>(String.valueOf(n.userId()), n.id(),
                        new NotificationSentPayload(n.id(), n.userId(), n.type(), n.orderId(), n.channelId(),
                                n.messageId(), n.createdAt()),
                        causes.get(n.sourceEventId()).trace()))
                .toList());
    }

    private Outcome counted(Outcome outcome) {
        outcomes.get(outcome).increment();
        return outcome;
    }
}
