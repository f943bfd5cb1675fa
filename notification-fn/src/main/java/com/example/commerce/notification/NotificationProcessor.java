package com.example.commerce.notification;

import com.example.commerce.consumer.EventBatchProcessor;
import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.consumer.PoisonRecords;
import com.example.commerce.consumer.idempotency.ProcessedEvents;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Topics;
import com.example.commerce.notifications.NotificationRepository;
import com.example.commerce.platform.trace.TraceLogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns order and payment events into notifications, and the mentions of platform.messages events into MENTION
 * notifications ({@link MentionNotifications}), exactly once per event: the notification and the processed-event mark
 * are written in one transaction, with each notification's NOTIFICATION_SENT event ({@link SentNotifications}), so a
 * redelivered event finds its mark and creates nothing. A record that can
 * never be processed (malformed, or refused by the database as data: {@link PoisonRecords}) goes to the
 * dead-letter topic; any other failure (database or broker unavailable) is retried and never skips the event. Both adapters,
 * {@link NotificationListener} and {@link NotificationHandler}, call this service. Events that get no notification
 * ({@link NotificationTemplates}) are skipped.
 */
@Singleton
public class NotificationProcessor implements EventBatchProcessor {

    /** The consumer group, and the consumer name in processed_events and dead-letter headers. */
    public static final String CONSUMER = "notification-service";
    private static final Logger LOG = LoggerFactory.getLogger(NotificationProcessor.class);

    /** What became of one record. */
    public enum Outcome { CREATED, DUPLICATE, SKIPPED, DEAD_LETTERED }

    private final OrderEventParser orders;
    private final PaymentEventParser payments;
    private final MentionNotifications mentions;
    private final NotificationTemplates templates;
    private final NotificationRepository notifications;
    private final SentNotifications sent;
    private final ProcessedEvents processedEvents;
    private final DeadLetterPublisher deadLetters;
    private final TransactionOperations<Connection> transactions;
    private final Map<Outcome, Counter> outcomes;
    private final Counter retries;

    public NotificationProcessor(OrderEventParser orders, PaymentEventParser payments, MentionNotifications mentions,
                               NotificationTemplates templates,
                               NotificationRepository notifications, SentNotifications sent,
                               ProcessedEvents processedEvents,
                               DeadLetterPublisher deadLetters, TransactionOperations<Connection> transactions,
                               MeterRegistry meters) {
        this.orders = orders;
        this.payments = payments;
        this.mentions = mentions;
        this.templates = templates;
        this.notifications = notifications;
        this.sent = sent;
        this.processedEvents = processedEvents;
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        this.outcomes = Map.of(
                Outcome.CREATED, counter(meters, "created"),
                Outcome.DUPLICATE, counter(meters, "duplicate"),
                Outcome.SKIPPED, counter(meters, "skipped"),
                Outcome.DEAD_LETTERED, counter(meters, "dead_lettered"));
        this.retries = Counter.builder("notification.retries")
                .description("Failed attempts to process an event that will be retried").register(meters);
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("notification.events").tag("outcome", outcome)
                .description("Order and payment events consumed, by outcome").register(meters);
    }

    @Override
    public String consumerName() {
        return CONSUMER;
    }

    /** Each record in turn, as {@link #process(IncomingEvent)}. */
    @Override
    public void process(List<IncomingEvent> batch) {
        batch.forEach(this::process);
    }

    /**
     * One attempt. Throws if the event could not be processed now: the caller retries it, never skips it (the local
     * consumer seeks back to it after {@code commerce.consumer.retry-delay}; on Lambda the invocation fails and the
     * trigger retries the batch). Every line logged meanwhile carries the event's trace ({@link TraceLogContext}).
     */
    public Outcome process(IncomingEvent event) {
        return TraceLogContext.around(event.trace(), () -> {
            try {
                return attempt(event);
            } catch (RuntimeException e) {
                retries.increment();
                LOG.warn("Event {} not processed, to be retried: {}", event.position(), e.toString());
                throw e;
            }
        });
    }

    private Outcome attempt(IncomingEvent event) {
        if (Topics.MESSAGES.equals(event.topic())) {
            return attemptMentions(event);
        }
        Optional<? extends NotifiableEvent> parsed;
        try {
            parsed = parse(event);
        } catch (MalformedEventException e) {
            LOG.warn("Dead-lettering malformed record {}: {}", event.position(), e.getMessage());
            deadLetters.publish(event, CONSUMER, e.getMessage());
            return counted(Outcome.DEAD_LETTERED);
        }
        Optional<String> message = parsed.flatMap(templates::message);
        if (message.isEmpty()) {
            return counted(Outcome.SKIPPED);
        }
        NotifiableEvent notified = parsed.get();
        return applyOnce(event, notified.eventId(), () -> {
            if (notifications.insertIfAbsent(notified.userId(), notified.orderId(), notified.eventType(),
                    message.get(), notified.eventId()) == 1) {
                sent.sent(notified.eventId());
            }
        });
    }

    /** A message's mentions: every one of them and the event's mark in one transaction. */
    private Outcome attemptMentions(IncomingEvent event) {
        Optional<MentionNotifications.Mentions> parsed;
        try {
            parsed = mentions.parse(event.value());
        } catch (MalformedEventException e) {
            LOG.warn("Dead-lettering malformed record {}: {}", event.position(), e.getMessage());
            deadLetters.publish(event, CONSUMER, e.getMessage());
            return counted(Outcome.DEAD_LETTERED);
        }
        if (parsed.isEmpty() || parsed.get().mentions().isEmpty()) {
            return counted(Outcome.SKIPPED);
        }
        var notified = parsed.get();
        return applyOnce(event, notified.eventId(), () -> {
            for (var mention : notified.mentions()) {
                if (notifications.insertMentionIfAbsent(mention.userId(), mention.channelId(), mention.messageId(),
                        mention.message(), mention.sourceId()) == 1) {
                    sent.sent(mention.sourceId());
                }
            }
        });
    }

    /**
     * The event's notifications and its mark in one transaction, once: a second delivery is a duplicate. A record
     * the database refuses for good is dead-lettered; anything else is thrown for the caller to retry.
     */
    private Outcome applyOnce(IncomingEvent event, UUID eventId, Runnable notify) {
        boolean created;
        try {
            created = transactions.executeWrite(tx -> {
                if (!processedEvents.markProcessed(CONSUMER, eventId)) {
                    return false;
                }
                notify.run();
                return true;
            });
        } catch (RuntimeException e) {
            String cause = PoisonRecords.permanentCause(e);
            if (cause == null) {
                throw e;
            }
            // The same statement would be refused on every retry: retrying would stall the partition for ever.
            LOG.warn("Dead-lettering record {} the database refuses: {}", event.position(), cause);
            deadLetters.publish(event, CONSUMER, cause);
            return counted(Outcome.DEAD_LETTERED);
        }
        return counted(created ? Outcome.CREATED : Outcome.DUPLICATE);
    }

    private Optional<? extends NotifiableEvent> parse(IncomingEvent event) {
        return Topics.PAYMENT_EVENTS.equals(event.topic()) ? payments.parse(event.value())
                : orders.parse(event.value());
    }

    private Outcome counted(Outcome outcome) {
        outcomes.get(outcome).increment();
        return outcome;
    }
}
