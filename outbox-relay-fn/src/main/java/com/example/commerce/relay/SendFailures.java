package com.example.commerce.relay;

import com.example.commerce.outbox.OutboxClaimRepository;
import com.example.commerce.outbox.OutboxRow;
import com.example.commerce.platform.retry.Backoff;
import com.example.commerce.platform.trace.TraceLogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * What becomes of a row whose send failed: it retries after an exponential backoff with jitter, or, after
 * {@code max-attempts} failures of its own (not the broker being unreachable, nor the producer failing), it is
 * parked for an operator.
 */
final class SendFailures {

    private static final Logger LOG = LoggerFactory.getLogger(SendFailures.class);
    private static final int MAX_ERROR_LENGTH = 2000;
    /** The longest wait of a row after a failure that was not its own. */
    static final Duration OUTAGE_BACKOFF_MAX = Duration.ofSeconds(30);

    private final OutboxClaimRepository outbox;
    private final RelayConfiguration config;
    private final Clock clock;
    private final Counter retriedSends;
    private final Counter parkedRows;

    SendFailures(OutboxClaimRepository outbox, RelayConfiguration config, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.retriedSends = Counter.builder("outbox.relay.failures").tag("outcome", "retry")
                .description("Failed sends that will be retried").register(meters);
        this.parkedRows = Counter.builder("outbox.relay.failures").tag("outcome", "parked")
                .description("Failed sends after which the row was parked").register(meters);
    }

    /**
     * Records the failure on the row, in the pass's transaction. A broker that cannot be reached (retriable errors,
     * time-outs) or a producer that failed only delays a row: it is never parked for that, so the relay recovers by
     * itself. Any other failure counts towards parking.
     *
     * @return whether the failure was not the row's (the caller logs those once per pass, not per row)
     */
    boolean record(OutboxRow row, Exception failure) {
        try (var trace = TraceLogContext.open(RowTrace.of(row))) {
            return recordInTrace(row, failure);
        }
    }

    private boolean recordInTrace(OutboxRow row, Exception failure) {
        String error = describe(failure);
        if (brokerUnavailable(failure) || producerFailed(failure)) {
            // Not the row's failure: no attempt is counted, so an outage never brings a row nearer to parking. The
            // wait grows with the row's age (a tenth of it, at most OUTAGE_BACKOFF_MAX), so a long outage is not
            // tried every second, and the row goes out soon after the broker is back.
            outbox.retryAfterOutage(row.id(), clock.instant().plus(outageDelay(row)), error);
            retriedSends.increment();
            return true;
        }
        int attempts = row.attempts() + 1;
        if (attempts >= config.maxAttempts()) {
            LOG.error("Parking outbox row {} (event {}) after {} attempts: {}", row.id(), row.eventId(), attempts,
                    error);
            outbox.park(row.id(), error);
            parkedRows.increment();
            return false;
        }
        Duration delay = Backoff.after(attempts, config.backoffBase(), config.backoffMax());
        LOG.warn("Outbox row {} (event {}) not published, attempt {}, retrying in {} ms: {}", row.id(),
                row.eventId(), attempts, delay.toMillis(), error);
        outbox.retryLater(row.id(), clock.instant().plus(delay), error);
        retriedSends.increment();
        return false;
    }

    /**
     * Parks at once a row that failed while a later row of its aggregate was acknowledged (see {@link RelayPass}):
     * retried, it would be published after its successors.
     */
    void parkOvertaken(OutboxRow row, Exception failure) {
        try (var trace = TraceLogContext.open(RowTrace.of(row))) {
            String error = "Not published while later events of its aggregate were; sending it now would deliver it "
                    + "out of order: " + describe(failure);
            LOG.error("Parking outbox row {} (event {}): {}", row.id(), row.eventId(), error);
            outbox.park(row.id(), truncated(error));
            parkedRows.increment();
        }
    }

    static String describe(Exception failure) {
        return truncated(failure.getClass().getName() + ": " + failure.getMessage());
    }

    /** What fits the row's last_error. */
    private static String truncated(String error) {
        return error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    }

    /** How long a row waits after a failure that was not its own: see {@code recordInTrace}. */
    private Duration outageDelay(OutboxRow row) {
        Duration tenthOfAge = Duration.between(row.occurredAt(), clock.instant()).dividedBy(10);
        Duration cap = config.backoffMax().compareTo(OUTAGE_BACKOFF_MAX) < 0 ? config.backoffMax() : OUTAGE_BACKOFF_MAX;
        if (tenthOfAge.compareTo(config.backoffBase()) < 0) {
            return config.backoffBase();
        }
        return tenthOfAge.compareTo(cap) > 0 ? cap : tenthOfAge;
    }

    private static boolean brokerUnavailable(Exception failure) {
        return failure instanceof RetriableException || failure instanceof TimeoutException
                || failure instanceof InterruptedException
                // A pass still sending through a producer that another worker replaced meanwhile.
                || failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("closed");
    }

    /**
     * A failure of the producer, not of the row, after which it refuses every send: the client in its error state
     * ("we are in an error state", a KafkaException that is no broker answer), or a broker answer that leaves an
     * idempotent producer unable to go on (authentication, cluster authorization, an unsupported version, a fenced or
     * unknown producer id, a broken sequence). The relay then replaces its producer ({@link RelayPass}). A topic's
     * authorization is not one: it concerns that topic's rows, which count it and park.
     */
    static boolean producerFailed(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException || cause instanceof ClusterAuthorizationException
                    || cause instanceof UnsupportedVersionException || cause instanceof ProducerFencedException
                    || cause instanceof InvalidPidMappingException || cause instanceof OutOfOrderSequenceException) {
                return true;
            }
        }
        return failure instanceof KafkaException && !(failure instanceof ApiException)
                && !(failure instanceof SerializationException);
    }
}
