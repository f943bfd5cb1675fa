package com.example.commerce.relay;

import com.example.commerce.outbox.OutboxClaimRepository;
import com.example.commerce.outbox.OutboxRow;
import com.example.commerce.platform.trace.TraceLogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.transaction.TransactionOperations;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One pass of the relay, in one transaction: claim a batch, send its sendable rows, record each failure, and mark
 * what the broker acknowledged.
 *
 * <p>The rows of one aggregate are sent back to back, without waiting for each acknowledgement: an aggregate's rows
 * all go to one topic (its event family) under one key, so to one partition, and the idempotent producer writes a
 * partition's records in the order they were sent, retries included. A row whose send fails at once (too large, no
 * metadata) stops its aggregate for the pass: the rows after it are not sent. A failed row holds back only the rest
 * of its own aggregate. Waiting for each row's acknowledgement before sending the next cost a round trip per row,
 * 5-10 ms on a busy host: one aggregate with a few hundred rows in a batch (a user's notifications, a channel's
 * messages) held its whole pass for seconds, and the outbox backed up behind it (BENCHMARKS.md, the saga).
 *
 * <p>Only a row the broker refuses for good while a later row of its aggregate is acknowledged would leave the
 * partition out of order (the producer then renumbers the later records and they are written). Sent later, it
 * would arrive after its successors, so it is parked at once with the reason, for an operator to look at and requeue
 * ({@code GET /api/admin/outbox/parked}); the rest of its aggregate waits behind it as behind any parked row.
 */
final class RelayPass {

    private static final Logger LOG = LoggerFactory.getLogger(RelayPass.class);
    /** Less time left than this is not worth a claim. */
    private static final Duration MIN_PASS = Duration.ofMillis(50);

    private final BatchClaim claim;
    private final EventSender sender;
    private final SendFailures failures;
    private final OutboxClaimRepository outbox;
    private final TransactionOperations<Connection> transactions;
    private final Duration sendTimeout;
    private final Clock clock;
    private final Counter publishedEvents;

    RelayPass(BatchClaim claim, EventSender sender, SendFailures failures, OutboxClaimRepository outbox,
              TransactionOperations<Connection> transactions, Duration sendTimeout, Clock clock,
              MeterRegistry meters) {
        this.claim = claim;
        this.sender = sender;
        this.failures = failures;
        this.outbox = outbox;
        this.transactions = transactions;
        this.sendTimeout = sendTimeout;
        this.clock = clock;
        this.publishedEvents = Counter.builder("outbox.relay.published").description("Events published to Kafka")
                .register(meters);
    }

    /** A row sent in this pass, awaiting its acknowledgement. */
    private record InFlight(String aggregate, OutboxRow row, Future<RecordMetadata> acknowledgement) {
    }

    /** The first row of an aggregate that failed in this pass, and whether a later row of it was acknowledged. */
    private static final class FirstFailure {
        final InFlight sent;
        Exception failure; // null once the row turned out to be acknowledged after all
        boolean overtaken;

        FirstFailure(InFlight sent, Exception failure) {
            this.sent = sent;
            this.failure = failure;
        }
    }

    /**
     * Runs a pass that ends by {@code deadline}: the claim's statement time-out, every send and the wait for the
     * acknowledgements are bounded by the time left (and the wait by {@code send-timeout} as well).
     */
    OutboxRelay.Pass run(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.compareTo(MIN_PASS) < 0) {
            return new OutboxRelay.Pass(0, 0, 0);
        }
        Duration bound = left.compareTo(sendTimeout) < 0 ? left : sendTimeout;
        long passEnd = System.nanoTime() + bound.toNanos();
        var producerFailed = new AtomicBoolean();
        EventSender passSender = sender.forPass();
        OutboxRelay.Pass pass = transactions.executeWrite(tx -> {
            ClaimedBatch batch = claim.claim(bound);
            if (batch.claimed() == 0) {
                return new OutboxRelay.Pass(0, 0, 0);
            }
            List<InFlight> sent = send(passSender, batch.sendable(), passEnd);
            var published = new ArrayList<Long>();
            var failed = new LinkedHashMap<String, FirstFailure>();
            for (InFlight row : sent) {
                Exception failure = EventSender.await(row.acknowledgement(), passEnd);
                FirstFailure earlier = failed.get(row.aggregate());
                if (failure == null) {
                    published.add(row.row().id());
                    logPublished(row.row());
                    if (earlier != null) {
                        earlier.overtaken = true;
                    }
                } else if (earlier == null) {
                    failed.put(row.aggregate(), new FirstFailure(row, failure));
                }
                // A later failure of an aggregate that already failed is not the row's own: it waits for the first.
            }
            int unavailable = 0;
            String unavailableError = null;
            for (var pending = failed.values().iterator(); pending.hasNext(); ) {
                FirstFailure first = pending.next();
                if (first.overtaken) {
                    settleLateAnswer(first);
                }
                if (first.failure == null) {
                    published.add(first.sent.row().id());
                    logPublished(first.sent.row());
                    pending.remove();
                } else if (first.overtaken) {
                    failures.parkOvertaken(first.sent.row(), first.failure);
                } else if (failures.record(first.sent.row(), first.failure)) {
                    unavailable++;
                    unavailableError = SendFailures.describe(first.failure);
                }
                if (first.failure != null && SendFailures.producerFailed(first.failure)) {
                    producerFailed.set(true);
                }
            }
            markPublished(published);
            if (unavailable > 0) {
                // One line per pass: during an outage every row of every batch fails the same way.
                LOG.warn("{} outbox rows not published (Kafka unavailable, or the relay stopping); each retries with backoff: {}",
                        unavailable, unavailableError);
            }
            return new OutboxRelay.Pass(batch.claimed(), published.size(), failed.size());
        });
        if (producerFailed.get()) {
            // It would refuse every send from now on, pass after pass; a new one starts with a new producer id.
            LOG.warn("The relay's producer failed; replacing it");
            passSender.replaceProducer();
        }
        return pass;
    }

    /**
     * A row whose wait ran out before a later row of its aggregate was acknowledged: a partition's answers come in
     * order, so its own has come by now, unless the row was refused. Acknowledged after all, it went out before the
     * later rows and counts as published (failure cleared); still unanswered, it is not known to be out of order and
     * is retried as any row the relay stopped waiting for.
     */
    private static void settleLateAnswer(FirstFailure first) {
        if (!(first.failure instanceof TimeoutException)) {
            return;
        }
        Exception answer = EventSender.await(first.sent.acknowledgement(), System.nanoTime());
        if (answer instanceof TimeoutException) {
            first.overtaken = false;
        } else {
            first.failure = answer;
        }
    }

    /**
     * Sends every aggregate's rows in version order, stopping an aggregate at a send that failed at once, and every
     * sending when the pass's time is up. The rows not sent stay untouched, claimable by the next pass.
     */
    private static List<InFlight> send(EventSender sender, Map<String, Deque<OutboxRow>> sendable, long passEnd) {
        var sent = new ArrayList<InFlight>();
        for (var aggregate : sendable.entrySet()) {
            for (OutboxRow row : aggregate.getValue()) {
                // send() itself blocks up to the producer's max.block.ms for metadata while the broker is
                // unreachable, and each further send would block as long: stop after such a send.
                if (System.nanoTime() >= passEnd) {
                    return sent;
                }
                Future<RecordMetadata> acknowledgement = sender.send(row);
                sent.add(new InFlight(aggregate.getKey(), row, acknowledgement));
                if (acknowledgement.isDone()) {
                    Exception failure = EventSender.await(acknowledgement, passEnd);
                    if (failure instanceof org.apache.kafka.common.errors.TimeoutException) {
                        return sent;
                    }
                    if (failure != null) {
                        break; // the rest of this aggregate must not overtake it
                    }
                }
            }
        }
        return sent;
    }

    private static void logPublished(OutboxRow row) {
        if (LOG.isDebugEnabled()) {
            try (var trace = TraceLogContext.open(RowTrace.of(row))) {
                LOG.debug("Published outbox row {} (event {} {}) to {}", row.id(), row.eventId(), row.eventType(),
                        row.topic());
            }
        }
    }

    private void markPublished(List<Long> ids) {
        if (!ids.isEmpty()) {
            outbox.markPublished(ids, clock.instant());
        }
        publishedEvents.increment(ids.size());
    }
}
