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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * One pass of the relay, in one transaction: claim a batch, send its sendable rows pipelined in rounds of at most
 * one row per aggregate, record each failure, and mark what the broker acknowledged. A failed row holds back only
 * the rest of its own aggregate.
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

    /** A row sent in the current round, awaiting its acknowledgement. */
    private record InFlight(String aggregate, OutboxRow row, Future<RecordMetadata> acknowledgement) {
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
        return transactions.executeWrite(tx -> {
            ClaimedBatch batch = claim.claim(bound);
            if (batch.claimed() == 0) {
                return new OutboxRelay.Pass(0, 0, 0);
            }
            Map<String, Deque<OutboxRow>> sendable = batch.sendable();
            var published = new ArrayList<Long>();
            int failed = 0;
            int unavailable = 0;
            String unavailableError = null;
            boolean outOfTime = false;
            while (!sendable.isEmpty() && !outOfTime) {
                var round = new ArrayDeque<InFlight>();
                for (var rows : sendable.entrySet()) {
                    // send() itself blocks up to the producer's max.block.ms for metadata while the broker is
                    // unreachable, and each further send would block as long: stop sending when the time is up or
                    // after such a send. The rows not sent stay untouched, claimable by the next pass.
                    if (System.nanoTime() >= passEnd) {
                        outOfTime = true;
                        break;
                    }
                    OutboxRow row = rows.getValue().peekFirst();
                    Future<RecordMetadata> sent = sender.send(row);
                    round.add(new InFlight(rows.getKey(), row, sent));
                    if (sent.isDone() && EventSender.await(sent, passEnd)
                            instanceof org.apache.kafka.common.errors.TimeoutException) {
                        outOfTime = true;
                        break;
                    }
                }
                for (InFlight sent : round) {
                    Exception failure = EventSender.await(sent.acknowledgement(), passEnd);
                    Deque<OutboxRow> rest = sendable.get(sent.aggregate());
                    if (failure == null) {
                        published.add(sent.row().id());
                        logPublished(sent.row());
                        rest.removeFirst();
                        if (rest.isEmpty()) {
                            sendable.remove(sent.aggregate());
                        }
                    } else {
                        if (failures.record(sent.row(), failure)) {
                            unavailable++;
                            unavailableError = SendFailures.describe(failure);
                        }
                        failed++;
                        sendable.remove(sent.aggregate()); // the rest of this aggregate waits for this row
                    }
                }
            }
            markPublished(published);
            if (unavailable > 0) {
                // One line per pass: during an outage every row of every batch fails the same way.
                LOG.warn("{} outbox rows not published (Kafka unavailable, or the relay stopping); each retries with backoff: {}",
                        unavailable, unavailableError);
            }
            return new OutboxRelay.Pass(batch.claimed(), published.size(), failed);
        });
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
