package com.example.commerce.fulfillment;

import com.example.commerce.consumer.EventBatchProcessor;
import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.consumer.PoisonRecords;
import com.example.commerce.consumer.RolledBack;
import com.example.commerce.consumer.idempotency.ProcessedEvents;
import com.example.commerce.platform.trace.TraceLogContext;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.UnprocessableEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.transaction.TransactionOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What both participants do with a record, exactly once per event: the processed-event mark, the effect and the
 * effect's outbox rows are written in one transaction, so a redelivered event finds its mark and changes nothing,
 * and a rolled-back effect leaves no mark. A delivery (one poll, one MSK invocation) is written in one transaction:
 * the marks of all its events in one statement, the effects of those marked now in the delivery's order, and their
 * outbox rows in one insert at the commit; per event, two round trips fewer and no commit of its own, which is what
 * kept the inventory behind at 100 orders a second (BENCHMARKS.md, the saga). A record that can never be processed
 * (malformed, or refused by the database as data: {@link PoisonRecords}) goes to its topic's dead-letter topic: a
 * delivery the database refuses is written again one event per transaction, so that only the refused event is
 * dead-lettered. Any other failure is thrown, and the caller retries the delivery, never skips it (the local
 * listener seeks back to it; on Lambda the invocation fails and the trigger retries the batch); what an earlier
 * attempt committed comes again as duplicates.
 */
public abstract class ParticipantProcessor implements EventBatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ParticipantProcessor.class);

    /** What became of one record. */
    public enum Outcome { APPLIED, UNCHANGED, DUPLICATE, SKIPPED, DEAD_LETTERED }

    /** The effect of an event that changed something; false from {@code apply} when the state made it a no-op. */
    @FunctionalInterface
    public interface Change {
        boolean apply();
    }

    private final String consumer;
    private final ProcessedEvents processedEvents;
    private final FulfillmentDeadLetters deadLetters;
    private final TransactionOperations<Connection> transactions;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Counter retries;

    protected ParticipantProcessor(String consumer, ProcessedEvents processedEvents,
                                   FulfillmentDeadLetters deadLetters, TransactionOperations<Connection> transactions,
                                   MeterRegistry meters) {
        this.consumer = consumer;
        this.processedEvents = processedEvents;
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("fulfillment.events").tag("consumer", consumer)
                    .tag("outcome", outcome.name().toLowerCase())
                    .description("Events consumed by the saga's participants, by outcome").register(meters));
        }
        this.retries = Counter.builder("fulfillment.retries").tag("consumer", consumer)
                .description("Failed attempts to process an event that will be retried").register(meters);
    }

    /**
     * Reads the record before any database work.
     *
     * @return the change it asks for, or empty if this participant has nothing to do with its type
     * @throws MalformedEventException      if the record can never be read
     * @throws UnprocessableEventException if it is read but can never be applied
     */
    protected abstract Optional<ReadEvent> read(IncomingEvent event);

    /** An event this participant acts on: its id, and the change to make in the transaction that marks it. */
    public record ReadEvent(UUID eventId, Change change) {
    }

    @Override
    public String consumerName() {
        return consumer;
    }

    /** A record this participant acts on, with what it asks for. */
    private record Pending(IncomingEvent record, ReadEvent event) {
    }

    /** A record that can never be processed, and why. */
    private record Poison(IncomingEvent record, String cause) {
    }

    /** The whole delivery in one transaction (see the class comment); a delivery of one record as that record. */
    @Override
    public void process(List<IncomingEvent> batch) {
        if (batch.size() == 1) {
            process(batch.get(0));
            return;
        }
        var pending = new ArrayList<Pending>();
        var poison = new ArrayList<Poison>();
        var seen = new HashSet<UUID>();
        for (IncomingEvent record : batch) {
            try {
                TraceLogContext.around(record.trace(), () -> read(record)).ifPresentOrElse(event -> {
                    if (seen.add(event.eventId())) {
                        pending.add(new Pending(record, event));
                    } else {
                        counted(Outcome.DUPLICATE); // the same event earlier in this delivery
                    }
                }, () -> counted(Outcome.SKIPPED));
            } catch (UnprocessableEventException e) { // malformed records included
                poison.add(new Poison(record, e.getMessage()));
            }
        }
        try {
            transactions.executeWrite(tx -> applyInTransaction(tx.getConnection(), pending)).forEach(this::counted);
        } catch (RuntimeException e) {
            if (PoisonRecords.permanentCause(e) == null) {
                retries.increment();
                LOG.warn("{}: delivery of {} records from {} not processed, to be retried: {}", consumer,
                        batch.size(), batch.get(0).position(), e.toString());
                throw e;
            }
            // The same statements would be refused on every retry: find the events they refuse, write the others.
            LOG.warn("{}: delivery of {} events refused by the database; writing them one at a time", consumer,
                    pending.size());
            pending.forEach(event -> process(event.record()));
        }
        // After the commit: a delivery retried for a transient failure sends its poison once, not once per attempt.
        for (Poison dead : poison) {
            TraceLogContext.around(dead.record().trace(), () -> {
                LOG.warn("{}: dead-lettering record {} that can never be processed: {}", consumer,
                        dead.record().position(), dead.cause());
                deadLetters.publish(dead.record(), consumer, dead.cause());
                return counted(Outcome.DEAD_LETTERED);
            });
        }
    }

    /** The marks of every event in one statement, then the change of each event marked now, in delivery order. */
    private List<Outcome> applyInTransaction(Connection connection, List<Pending> pending) {
        Set<UUID> marked = processedEvents.markProcessed(connection, consumer,
                pending.stream().map(p -> p.event().eventId()).toList());
        var outcomes = new ArrayList<Outcome>(pending.size());
        for (Pending p : pending) {
            if (!marked.contains(p.event().eventId())) {
                outcomes.add(Outcome.DUPLICATE);
                continue;
            }
            // Each change logs under its record's trace, and the events it writes continue it.
            outcomes.add(TraceLogContext.around(p.record().trace(),
                    () -> p.event().change().apply() ? Outcome.APPLIED : Outcome.UNCHANGED));
        }
        return outcomes;
    }

    /**
     * One attempt; throws if the event could not be processed now (to be retried, never skipped). Every line logged
     * meanwhile carries the event's trace, and the events the change writes continue it ({@link TraceLogContext}).
     */
    public Outcome process(IncomingEvent event) {
        return TraceLogContext.around(event.trace(), () -> {
            try {
                return counted(attempt(event));
            } catch (RuntimeException e) {
                retries.increment();
                LOG.warn("{}: event {} not processed, to be retried: {}", consumer, event.position(), e.toString());
                throw e;
            }
        });
    }

    private Outcome attempt(IncomingEvent event) {
        Optional<ReadEvent> read;
        try {
            read = read(event);
        } catch (UnprocessableEventException e) { // malformed records included
            LOG.warn("{}: dead-lettering record {} that can never be processed: {}", consumer, event.position(),
                    e.getMessage());
            deadLetters.publish(event, consumer, e.getMessage());
            return Outcome.DEAD_LETTERED;
        }
        if (read.isEmpty()) {
            return Outcome.SKIPPED;
        }
        try {
            return transactions.executeWrite(tx -> applyInTransaction(read.get()));
        } catch (RuntimeException e) {
            String cause = PoisonRecords.permanentCause(e);
            if (cause == null) {
                throw e;
            }
            // The same statement would be refused on every retry: retrying would stall the partition for ever.
            LOG.warn("{}: dead-lettering record {} the database refuses: {}", consumer, event.position(), cause);
            deadLetters.publish(event, consumer, cause);
            return Outcome.DEAD_LETTERED;
        }
    }

    /** The mark, then the change if the event is new: inside the caller's transaction. */
    private Outcome applyInTransaction(ReadEvent read) {
        if (!processedEvents.markProcessed(consumer, read.eventId())) {
            return Outcome.DUPLICATE;
        }
        return read.change().apply() ? Outcome.APPLIED : Outcome.UNCHANGED;
    }

    /**
     * The hot path of one record with nothing kept, for the SnapStart priming: the record is read as
     * {@link #process(IncomingEvent)} reads it, and its mark and change (with the change's outbox rows) are written
     * in a transaction that is rolled back ({@link RolledBack}). Counts nothing and never dead-letters: a record
     * that would be skipped or dead-lettered fails the rehearsal instead, as does a database refusal.
     *
     * @return the outcome the record would have had
     */
    public Outcome rehearse(IncomingEvent event) {
        ReadEvent read = read(event).orElseThrow(() -> new IllegalArgumentException(
                consumer + " has nothing to do with record " + event.position()));
        return RolledBack.run(transactions, tx -> applyInTransaction(read));
    }

    private Outcome counted(Outcome outcome) {
        outcomes.get(outcome).increment();
        return outcome;
    }
}
