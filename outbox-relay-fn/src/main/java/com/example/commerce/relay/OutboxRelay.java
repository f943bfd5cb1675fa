package com.example.commerce.relay;

import com.example.commerce.outbox.OutboxRow;
import com.example.commerce.platform.retry.Backoff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Moves committed outbox rows to Kafka: at least once, in order per aggregate, safe with any number of relays.
 *
 * <p>A pass claims a batch with {@code FOR UPDATE SKIP LOCKED}, drops rows that would overtake an older
 * unpublished event of their aggregate, sends the rest pipelined (keyed by aggregate id, so one aggregate stays on
 * one partition) in rounds of at most one row per aggregate, and marks what the broker acknowledged, all in the
 * claiming transaction. A failed row backs off and holds back only the rest of its own aggregate. A crash between
 * the acknowledgement and the commit publishes a row twice; consumers absorb that by eventId.
 */
@Singleton
@Requires(property = "kafka.enabled", notEquals = "false")
public class OutboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int MAX_ERROR_LENGTH = 2000;
    private static final Argument<Map<String, String>> HEADERS = Argument.mapOf(String.class, String.class);
    /** No deadline but each pass's own {@code send-timeout}: the long-running process. */
    private static final Instant NO_DEADLINE = Instant.MAX;
    /** Less time left than this is not worth a claim. */
    private static final Duration MIN_PASS = Duration.ofMillis(50);

    private final OutboxClaimRepository outbox;
    private final Producer<String, byte[]> producer;
    private final TransactionOperations<Connection> transactions;
    private final RelayConfiguration config;
    private final ObjectMapper objectMapper;
    private final Clock clock = Clock.systemUTC();
    /** Runs the extra passes of {@link #drain()}; null with a single worker. */
    private final ExecutorService workers;
    private final Counter publishedEvents;
    private final Counter retriedSends;
    private final Counter parkedRows;

    public OutboxRelay(OutboxClaimRepository outbox, @KafkaClient("outbox-relay") Producer<String, byte[]> producer,
                       TransactionOperations<Connection> transactions, RelayConfiguration config,
                       ObjectMapper objectMapper, MeterRegistry meters) {
        this.outbox = outbox;
        this.producer = producer;
        this.transactions = transactions;
        this.config = config;
        this.objectMapper = objectMapper;
        this.workers = config.workers() > 1 ? Executors.newFixedThreadPool(config.workers() - 1, runnable -> {
            Thread thread = new Thread(runnable, "outbox-relay-worker");
            thread.setDaemon(true);
            return thread;
        }) : null;
        this.publishedEvents = Counter.builder("outbox.relay.published").description("Events published to Kafka")
                .register(meters);
        this.retriedSends = Counter.builder("outbox.relay.failures").tag("outcome", "retry")
                .description("Failed sends that will be retried").register(meters);
        this.parkedRows = Counter.builder("outbox.relay.failures").tag("outcome", "parked")
                .description("Failed sends after which the row was parked").register(meters);
    }

    /** What one pass did. {@code claimed} equal to the batch size means more rows are probably waiting. */
    public record Pass(int claimed, int published, int failed) {
    }

    public Pass publishBatch() {
        return publishBatch(NO_DEADLINE);
    }

    /**
     * One pass that ends by {@code deadline}: the claim's statement time-out, every send and the wait for the
     * acknowledgements are bounded by the time left (and the wait by {@code send-timeout} as well). Rows the pass
     * had no time to send stay claimable by the next pass; rows whose acknowledgement did not come in time retry
     * with backoff, never parked for it.
     */
    public Pass publishBatch(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.compareTo(MIN_PASS) < 0) {
            return new Pass(0, 0, 0);
        }
        Duration bound = left.compareTo(config.sendTimeout()) < 0 ? left : config.sendTimeout();
        long passEnd = System.nanoTime() + bound.toNanos();
        return transactions.executeWrite(tx -> {
            outbox.preparePass(bound.toMillis() + "ms");
            List<OutboxRow> claimed = outbox.claim(config.batchSize());
            if (claimed.isEmpty()) {
                return new Pass(0, 0, 0);
            }
            Map<String, Deque<OutboxRow>> sendable = sendableByAggregate(claimed);
            var published = new ArrayList<Long>();
            int failed = 0;
            int unavailable = 0;
            String unavailableError = null;
            boolean outOfTime = false;
            while (!sendable.isEmpty() && !outOfTime) {
                var round = new LinkedHashMap<OutboxRow, Future<RecordMetadata>>();
                for (Deque<OutboxRow> rows : sendable.values()) {
                    // send() itself blocks up to the producer's max.block.ms for metadata while the broker is
                    // unreachable, and each further send would block as long: stop sending when the time is up or
                    // after such a send. The rows not sent stay untouched, claimable by the next pass.
                    if (System.nanoTime() >= passEnd) {
                        outOfTime = true;
                        break;
                    }
                    OutboxRow row = rows.peekFirst();
                    Future<RecordMetadata> sent = send(row);
                    round.put(row, sent);
                    if (sent.isDone() && await(sent, passEnd) instanceof org.apache.kafka.common.errors.TimeoutException) {
                        outOfTime = true;
                        break;
                    }
                }
                for (var sent : round.entrySet()) {
                    OutboxRow row = sent.getKey();
                    String aggregate = key(row);
                    Exception failure = await(sent.getValue(), passEnd);
                    if (failure == null) {
                        published.add(row.id());
                        sendable.get(aggregate).removeFirst();
                        if (sendable.get(aggregate).isEmpty()) {
                            sendable.remove(aggregate);
                        }
                    } else {
                        if (recordFailure(row, failure)) {
                            unavailable++;
                            unavailableError = describe(failure);
                        }
                        failed++;
                        sendable.remove(aggregate); // the rest of this aggregate waits for this row
                    }
                }
            }
            if (!published.isEmpty()) {
                outbox.markPublished(published, clock.instant());
            }
            if (unavailable > 0) {
                // One line per pass: during an outage every row of every batch fails the same way.
                LOG.warn("{} outbox rows not published (Kafka unavailable, or the relay stopping); each retries with backoff: {}",
                        unavailable, unavailableError);
            }
            publishedEvents.increment(published.size());
            return new Pass(claimed.size(), published.size(), failed);
        });
    }

    /**
     * Publishes until the outbox has nothing due, with {@code workers} passes running at once (each its own
     * transaction and batch, exactly as separate relay instances would); returns how many rows were published.
     * While one pass waits for the broker another claims or marks in the database.
     */
    public long drain() {
        return drain(NO_DEADLINE);
    }

    /** {@link #drain()} that starts no pass after {@code deadline} and bounds each pass by the time left. */
    public long drain(Instant deadline) {
        if (workers == null) {
            return drainOnThisThread(deadline);
        }
        var others = new ArrayList<Future<Long>>();
        for (int i = 1; i < config.workers(); i++) {
            others.add(workers.submit(() -> drainOnThisThread(deadline)));
        }
        long total = drainOnThisThread(deadline);
        for (Future<Long> other : others) {
            try {
                total += other.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                others.forEach(f -> f.cancel(true));
                break;
            }
        }
        return total;
    }

    private long drainOnThisThread(Instant deadline) {
        long total = 0;
        Pass pass;
        do {
            pass = publishBatch(deadline);
            total += pass.published();
        } while (pass.claimed() == config.batchSize() && pass.published() > 0);
        return total;
    }

    @PreDestroy
    void stopWorkers() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    /**
     * Keeps publishing until {@code deadline}, polling an empty outbox every {@code idlePause}: a scheduled
     * Lambda invocation fires at most once a minute, so it keeps the outbox drained in between.
     */
    public long drainUntil(Instant deadline, Duration idlePause) {
        long total = 0;
        while (clock.instant().isBefore(deadline)) {
            long published = drain(deadline);
            total += published;
            if (published == 0) {
                long pause = Math.min(idlePause.toMillis(), Duration.between(clock.instant(), deadline).toMillis());
                if (pause <= 0) {
                    break;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return total;
    }

    /** Deletes rows published longer ago than the retention, in small batches. */
    public long cleanup() {
        return cleanup(NO_DEADLINE);
    }

    /** {@link #cleanup()} that starts no batch after {@code deadline}; the rest waits for the next cleanup. */
    public long cleanup(Instant deadline) {
        Instant cutoff = clock.instant().minus(config.retention());
        long deleted = 0;
        int batch;
        do {
            batch = transactions.executeWrite(tx -> outbox.deletePublishedBefore(cutoff, config.cleanupBatch()));
            deleted += batch;
        } while (batch == config.cleanupBatch() && clock.instant().isBefore(deadline));
        return deleted;
    }

    private Map<String, Deque<OutboxRow>> sendableByAggregate(List<OutboxRow> claimed) {
        var heldBack = new HashSet<>(outbox.heldBack(claimed.stream().map(OutboxRow::id).toList()));
        var byAggregate = new LinkedHashMap<String, Deque<OutboxRow>>();
        for (OutboxRow row : claimed) {
            if (!heldBack.contains(row.id())) {
                byAggregate.computeIfAbsent(key(row), k -> new ArrayDeque<>()).addLast(row);
            }
        }
        return byAggregate;
    }

    private Future<RecordMetadata> send(OutboxRow row) {
        try {
            var headers = new RecordHeaders();
            headers.add("eventId", utf8(row.eventId().toString()));
            headers.add("eventType", utf8(row.eventType()));
            headers.add("aggregateType", utf8(row.aggregateType()));
            headers.add("aggregateVersion", utf8(String.valueOf(row.aggregateVersion())));
            extraHeaders(row).forEach((name, value) -> headers.add(name, utf8(value)));
            return producer.send(new ProducerRecord<>(row.topic(), null, row.aggregateId(), utf8(row.event()),
                    headers));
        } catch (RuntimeException e) {
            // send() itself fails for e.g. a serialization problem or no metadata within max.block.ms.
            return CompletableFuture.failedFuture(e);
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

    /** @return null when acknowledged, otherwise why not */
    private static Exception await(Future<RecordMetadata> future, long deadline) {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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

    /**
     * A broker that cannot be reached (retriable errors, time-outs) only delays a row: it is never parked for
     * that, so the relay recovers by itself. Any other failure counts towards parking.
     *
     * @return whether the broker was unavailable (logged once per pass, not per row)
     */
    private boolean recordFailure(OutboxRow row, Exception failure) {
        String error = describe(failure);
        boolean brokerUnavailable = brokerUnavailable(failure);
        int attempts = row.attempts() + 1;
        if (!brokerUnavailable && attempts >= config.maxAttempts()) {
            LOG.error("Parking outbox row {} (event {}) after {} attempts: {}", row.id(), row.eventId(), attempts,
                    error);
            outbox.park(row.id(), error);
            parkedRows.increment();
            return false;
        }
        Duration delay = Backoff.after(attempts, config.backoffBase(), config.backoffMax());
        if (!brokerUnavailable) {
            LOG.warn("Outbox row {} (event {}) not published, attempt {}, retrying in {} ms: {}", row.id(),
                    row.eventId(), attempts, delay.toMillis(), error);
        }
        outbox.retryLater(row.id(), clock.instant().plus(delay), error);
        retriedSends.increment();
        return brokerUnavailable;
    }

    private static boolean brokerUnavailable(Exception failure) {
        return failure instanceof RetriableException || failure instanceof TimeoutException
                || failure instanceof InterruptedException;
    }

    private static String describe(Exception failure) {
        String text = failure.getClass().getName() + ": " + failure.getMessage();
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }

    private static String key(OutboxRow row) {
        return row.aggregateType() + ":" + row.aggregateId();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
