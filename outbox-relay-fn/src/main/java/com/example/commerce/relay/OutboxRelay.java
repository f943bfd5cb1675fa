package com.example.commerce.relay;

import com.example.commerce.outbox.OutboxClaimRepository;
import io.micronaut.context.annotation.Requires;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.TransactionOperations;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Moves committed outbox rows to Kafka: at least once, in order per aggregate, safe with any number of relays. The
 * one entry point of both adapters: {@link RelayScheduler} in a long-running process, {@link OutboxRelayHandler} on
 * Lambda.
 *
 * <p>A pass ({@link RelayPass}) claims a batch with {@code FOR UPDATE SKIP LOCKED} ({@link BatchClaim}), drops rows
 * that would overtake an older unpublished event of their aggregate, sends the rest pipelined
 * ({@link EventSender}) in rounds of at most one row per aggregate, and marks what the broker acknowledged, all in
 * the claiming transaction. A failed row backs off or is parked ({@link SendFailures}) and holds back only the
 * rest of its own aggregate. {@code workers} passes run at once ({@link RelayWorkers}). A crash between the
 * acknowledgement and the commit publishes a row twice; consumers absorb that by eventId.
 */
@Singleton
@Requires(property = "kafka.enabled", notEquals = "false")
public class OutboxRelay {

    /** No deadline but each pass's own {@code send-timeout}: the long-running process. */
    private static final Instant NO_DEADLINE = Instant.MAX;

    private final Clock clock = Clock.systemUTC();
    private final int batchSize;
    private final RelayPass pass;
    private final RelayWorkers workers;
    private final PublishedCleanup cleanup;

    @Inject
    public OutboxRelay(OutboxClaimRepository outbox, RelayProducer producer,
                       TransactionOperations<Connection> transactions, RelayConfiguration config,
                       ObjectMapper objectMapper, MeterRegistry meters) {
        this(outbox, producer, producer::closeIfCurrent, transactions, config, objectMapper, meters);
    }

    /**
     * The parts share this relay's producer, so a relay on another producer is one constructor call;
     * {@code replaceProducer} closes the producer given (if still current) after a failure that leaves it refusing
     * every send.
     */
    OutboxRelay(OutboxClaimRepository outbox, Supplier<Producer<String, byte[]>> producer,
                Consumer<Producer<String, byte[]>> replaceProducer,
                TransactionOperations<Connection> transactions, RelayConfiguration config, ObjectMapper objectMapper,
                MeterRegistry meters) {
        this.batchSize = config.batchSize();
        this.pass = new RelayPass(new BatchClaim(outbox, config.batchSize()),
                new EventSender(producer, replaceProducer, objectMapper),
                new SendFailures(outbox, config, clock, meters), outbox, transactions, config.sendTimeout(), clock,
                meters);
        this.workers = new RelayWorkers(config.workers());
        this.cleanup = new PublishedCleanup(outbox, transactions, config, clock);
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
        return pass.run(deadline);
    }

    /**
     * Publishes until the outbox has nothing due, with {@code workers} passes running at once (each its own
     * transaction and batch, exactly as separate relay instances would); returns how many rows were published.
     */
    public long drain() {
        return drain(NO_DEADLINE);
    }

    /**
     * {@link #drain()} that starts no pass after {@code deadline} and bounds each pass by the time left. A worker
     * stops when its batch was not full, and may leave rows it held back while an older event of their aggregate was
     * in another worker's batch: so rounds of all workers repeat until one publishes nothing.
     */
    public long drain(Instant deadline) {
        long total = 0;
        long round;
        do {
            round = workers.runAll(() -> drainOnThisThread(deadline));
            total += round;
        } while (round > 0 && clock.instant().isBefore(deadline));
        return total;
    }

    private long drainOnThisThread(Instant deadline) {
        long total = 0;
        Pass done;
        do {
            done = publishBatch(deadline);
            total += done.published();
        } while (done.claimed() == batchSize && done.published() > 0);
        return total;
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
        return cleanup.run(deadline);
    }

    @PreDestroy
    void stopWorkers() {
        workers.close();
    }
}
