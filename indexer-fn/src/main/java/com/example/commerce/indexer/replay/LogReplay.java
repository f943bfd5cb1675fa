package com.example.commerce.indexer.replay;

import com.example.commerce.indexer.replay.ReplayCursor.Phase;
import com.example.commerce.productindex.ProductDocuments;
import com.example.commerce.productindex.ProductIndex;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Rebuilds a read model from its source topics, for a job that order-api recorded in {@code replay_jobs}, without a
 * moment in which readers see it empty or partial:
 * <ol>
 *   <li>a new target (a concrete messages index; the product_metrics_replay table) is filled from offset 0 of
 *       every partition up to the end offsets taken then, while readers keep reading the old one;</li>
 *   <li>catch-up: up to the end offsets taken again;</li>
 *   <li>verification against the database; a difference (a change committed but not yet read) means another
 *       catch-up, a few times, then failure without a swap;</li>
 *   <li>the swap: the alias moves to the new index in one request, or the table is copied over product_metrics in
 *       one transaction (which also reads the rest of the log, under a lock that holds the live metrics writer);</li>
 *   <li>messages: the log up to the end offsets taken after the swap once more, into the new index, then the old
 *       indices are deleted; product metrics: the product documents are rewritten with the new figures.</li>
 * </ol>
 * The work is done in steps, each followed by a write of the job's cursor (with the positions in the log), so that it
 * can be cut into pieces at any step, as the product reindex is; every step can be repeated without harm.
 */
@Singleton
public class LogReplay {

    /**
     * How a piece ended. {@code RETRY_LATER}: a step after the swap failed; the job keeps its claim until it counts as
     * silent ({@code resume-after}), and a later piece (the schedule's) repeats the step.
     */
    public enum Outcome { SUCCEEDED, FAILED, PAUSED, RETRY_LATER, NOT_CLAIMED }

    private static final Logger LOG = LoggerFactory.getLogger(LogReplay.class);
    private static final Argument<List<PartitionProgress>> PROGRESS = Argument.listOf(PartitionProgress.class);
    private static final int REFRESH_PAGE = 500;

    private final ReplayCursorRepository jobs;
    private final ReplayDeadLetterRepository deadLetters;
    private final ReplayLog log;
    private final MessagesReplay messages;
    private final MetricsReplay metrics;
    private final ProductDocuments productDocuments;
    private final ProductIndex productIndex;
    private final ReplayConfiguration config;
    private final JsonMapper json;

    LogReplay(ReplayCursorRepository jobs, ReplayDeadLetterRepository deadLetters, ReplayLog log, MessagesReplay messages, MetricsReplay metrics,
              ProductDocuments productDocuments, ProductIndex productIndex, ReplayConfiguration config,
              JsonMapper json) {
        this.jobs = jobs;
        this.deadLetters = deadLetters;
        this.log = log;
        this.messages = messages;
        this.metrics = metrics;
        this.productDocuments = productDocuments;
        this.productIndex = productIndex;
        this.config = config;
        this.json = json;
    }

    /** The oldest running job that a piece may take now: new, handed on, or left by a piece that went silent. */
    public Optional<UUID> resumable() {
        return jobs.findResumable(config.resumeAfter().toSeconds(), config.abandonedAfter().toSeconds())
                .map(ReplayCursor::id);
    }

    /** Runs one piece of job {@code id} until it ends or {@code deadline} has passed (at least one step). */
    public Outcome run(UUID id, Instant deadline) {
        UUID runner = UUID.randomUUID();
        if (jobs.claim(id, runner, config.resumeAfter().toSeconds(), config.abandonedAfter().toSeconds()) == 0) {
            return Outcome.NOT_CLAIMED;
        }
        try (ReplayLog.Reader reader = log.open()) {
            Cursor job = Cursor.of(jobs.find(id).orElseThrow(), json);
            LOG.info("Replay {} of {} piece {} starts at {}", id, job.readModel(), job.pieces, job.phase);
            do {
                Optional<Cursor> next = step(job, runner, reader);
                if (next.isEmpty()) {
                    LOG.warn("Replay {} is no longer this piece's to run (failed or taken over)", id);
                    return Outcome.NOT_CLAIMED;
                }
                job = next.get();
                if (job.phase == Phase.DONE) {
                    LOG.info("Replay {} of {} into {} succeeded: {} events read, {} applied, in {} piece(s)", id,
                            job.readModel(), job.target, job.eventsRead, job.applied, job.pieces);
                    return Outcome.SUCCEEDED;
                }
                if (job.failure != null) {
                    LOG.error("Replay {} of {} failed: {}", id, job.readModel(), job.failure);
                    jobs.finished(id, runner, "FAILED", job.failure);
                    return Outcome.FAILED;
                }
            } while (Instant.now().isBefore(deadline));
            jobs.release(id, runner);
            return Outcome.PAUSED;
        } catch (Exception e) { // a step's SQLException comes through its transaction as it is
            Phase saved = jobs.find(id).map(ReplayCursor::phase).orElse(Phase.REQUESTED);
            if (AFTER_THE_SWAP.contains(saved)) {
                // The new model serves already: failing the job now would leave it without the events of the swap's
                // moment (messages) or stale documents (metrics), and the old indices behind. Its steps repeat
                // safely, so a later piece takes the job on from its saved step: not at once (a failure that lasts
                // would loop), but once the claim kept here has been silent for resume-after. The error shows in
                // the job meanwhile.
                LOG.warn("Replay {} failed at {}, after its swap: a piece repeats the step after {}", id, saved,
                        config.resumeAfter(), e);
                jobs.failedAfterSwap(id, runner, e.toString());
                return Outcome.RETRY_LATER;
            }
            LOG.error("Replay {} failed", id, e);
            jobs.finished(id, runner, "FAILED", e.toString());
            return Outcome.FAILED;
        }
    }

    /**
     * Steps from which a job is only ever finished, never failed (see {@code run}). Not SWAPPING: the metrics swap is
     * one transaction, and a messages job is saved as SWAPPING before it moves the alias, so a failure there has
     * changed nothing that serves.
     */
    private static final Set<Phase> AFTER_THE_SWAP = EnumSet.of(Phase.FOLLOWING_UP, Phase.REFRESHING);

    private ReplayTarget target(Cursor job) {
        return job.readModel() == ReadModel.MESSAGES ? messages : metrics;
    }

    /** One step from {@code job}'s cursor; the cursor after it, or empty if the job is no longer this runner's. */
    private Optional<Cursor> step(Cursor job, UUID runner, ReplayLog.Reader reader) {
        switch (job.phase) {
            case REQUESTED -> {
                List<PartitionProgress> fromStart = reader.fromStart(job.readModel().topics());
                Optional<String> truncated = truncation(fromStart);
                if (truncated.isPresent()) {
                    job.failure = truncated.get() + ": a replay cannot rebuild " + job.readModel().id()
                            + " from it; nothing was changed";
                    return Optional.of(job);
                }
                job.target = target(job).create(job.id);
                job.progress = fromStart;
                job.phase = Phase.READING;
            }
            case READING, CATCHING_UP, FOLLOWING_UP -> {
                ReplayLog.Batch batch = reader.read(job.progress);
                ReplayTarget.Applied applied = target(job).apply(job.target, batch.records());
                job.applied += applied.applied();
                record(job, applied.unreadable());
                job.eventsRead += batch.records().size();
                job.progress = batch.progress();
                if (job.progress.stream().allMatch(PartitionProgress::done)) {
                    if (job.phase == Phase.FOLLOWING_UP) {
                        messages.deleteIndices(job.previousIndices());
                        return finished(job, runner);
                    }
                    // After the first pass, once more up to the end as it is now: less left for the swap.
                    job.phase = job.phase == Phase.READING ? Phase.CATCHING_UP : Phase.VERIFYING;
                    if (job.phase == Phase.CATCHING_UP) {
                        job.progress = reader.untilEnd(job.progress);
                    }
                }
            }
            case VERIFYING -> verify(job, reader);
            case SWAPPING -> {
                if (!swap(job, runner, reader)) {
                    return Optional.empty();
                }
            }
            case REFRESHING -> {
                List<Long> ids = metrics.productsAfter(job.afterId, REFRESH_PAGE);
                if (!ids.isEmpty()) {
                    productIndex.ensureExists();
                    productIndex.write(productDocuments.byIds(ids));
                    job.afterId = ids.get(ids.size() - 1);
                }
                if (ids.size() < REFRESH_PAGE) {
                    return finished(job, runner);
                }
            }
            case DONE -> {
                return Optional.of(job);
            }
        }
        return save(job, runner);
    }

    /**
     * Why a log cannot rebuild a read model: a partition that no longer starts at offset 0 has lost its oldest events
     * to retention, and a model built from the rest would replace the one in service with less (an empty index
     * passed the messages verification, which compares what the new index holds). Empty if every partition starts
     * at 0.
     */
    static Optional<String> truncation(List<PartitionProgress> fromStart) {
        List<String> truncated = fromStart.stream().filter(p -> p.read() > 0)
                .map(p -> p.topic() + "-" + p.partition() + " starts at offset " + p.read()).toList();
        return truncated.isEmpty() ? Optional.empty()
                : Optional.of("The log no longer holds its whole history (" + String.join(", ", truncated) + ")");
    }

    private void verify(Cursor job, ReplayLog.Reader reader) {
        var deadLettered = new HashSet<>(deadLetters.messageIds(job.id));
        ReplayTarget.Verification verification = target(job).verify(job.target, deadLettered);
        boolean enforced = config.enforceVerification().contains(job.readModel().id());
        job.verifyAttempts++;
        job.verification = (verification.passed() ? "passed: " : enforced ? "differs: " : "recorded only: ")
                + verification.figures();
        if (verification.passed() || !enforced) {
            job.phase = Phase.SWAPPING;
            return;
        }
        if (job.verifyAttempts >= config.verifyAttempts()) {
            job.failure = "Verification failed " + job.verifyAttempts + " times, nothing swapped: "
                    + verification.figures();
            return;
        }
        // A change committed but not yet published (or not yet read) is the usual cause: read on, then compare again.
        pause(config.verifyRetryDelay());
        job.phase = Phase.CATCHING_UP;
        job.progress = reader.untilEnd(job.progress);
    }

    /** @return false if the job is no longer this runner's */
    private boolean swap(Cursor job, UUID runner, ReplayLog.Reader reader) {
        if (job.readModel() == ReadModel.MESSAGES) {
            if (job.previous == null) {
                job.previous = String.join(",", messages.previousIndices(job.target));
            }
            // The claim is checked right before (and the indices to delete saved): a piece that lost the job must
            // not move the alias.
            if (save(job, runner).isEmpty()) {
                return false;
            }
            messages.swap(job.target);
            job.phase = Phase.FOLLOWING_UP;
            // Taken after the swap: any event from here on reaches the new index through the live indexer.
            job.progress = reader.untilEnd(job.progress);
            return true;
        }
        var counts = new MetricsReplay.Counts();
        // The cursor moves on in the swap's transaction: a swap is never repeated over the emptied replay table.
        return metrics.swap(job.id, runner, job.progress, reader, counts, tail -> {
            job.progress = tail;
            job.eventsRead += counts.read;
            job.applied += counts.applied;
            record(job, counts.unreadable);
            job.phase = Phase.REFRESHING;
            job.afterId = 0;
            return save(job, runner).isPresent();
        });
    }

    /**
     * Records the records the step could never apply, before the cursor moves past them (a repeated step records
     * none twice). They are not published to the dead-letter topic again: the live consumer reads the same records
     * with the same reader and has dead-lettered each of them there.
     */
    private void record(Cursor job, List<ReplayTarget.Unreadable> unreadable) {
        for (ReplayTarget.Unreadable record : unreadable) {
            if (deadLetters.record(job.id, record.topic(), record.partition(), record.offset(), record.messageId(),
                    record.error()) == 1) {
                LOG.warn("Replay {} of {}: record {}-{}@{} can never be applied (message {}): {}", job.id,
                        job.readModel(), record.topic(), record.partition(), record.offset(), record.messageId(),
                        record.error());
            }
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private Optional<Cursor> save(Cursor job, UUID runner) {
        int updated = jobs.advance(job.id, runner, job.phase.name(), job.target, job.progressJson(json),
                job.eventsRead, job.applied, job.afterId, job.verifyAttempts, job.verification, job.previous);
        return updated == 0 ? Optional.empty() : Optional.of(job);
    }

    private Optional<Cursor> finished(Cursor job, UUID runner) {
        if (save(job, runner).isEmpty() || jobs.finished(job.id, runner, "SUCCEEDED", null) == 0) {
            return Optional.empty();
        }
        job.phase = Phase.DONE;
        return Optional.of(job);
    }

    /** The cursor as a piece moves it, with the positions parsed. */
    private static final class Cursor {
        final UUID id;
        final String readModel;
        final int pieces;
        Phase phase;
        String target;
        List<PartitionProgress> progress;
        long eventsRead;
        long applied;
        long afterId;
        int verifyAttempts;
        String verification;
        String previous;
        String failure;

        private Cursor(ReplayCursor row, List<PartitionProgress> progress) {
            this.id = row.id();
            this.readModel = row.readModel();
            this.pieces = row.pieces();
            this.phase = row.phase();
            this.target = row.target();
            this.progress = progress;
            this.eventsRead = row.eventsRead();
            this.applied = row.applied();
            this.afterId = row.afterId();
            this.verifyAttempts = row.verifyAttempts();
            this.verification = row.verification();
            this.previous = row.previous();
        }

        static Cursor of(ReplayCursor row, JsonMapper json) {
            try {
                return new Cursor(row, json.readValue(row.partitions(), PROGRESS));
            } catch (IOException e) {
                throw new UncheckedIOException("Unreadable positions of replay " + row.id(), e);
            }
        }

        ReadModel readModel() {
            return ReadModel.of(readModel).orElseThrow(() -> new IllegalStateException("Unknown read model " + readModel));
        }

        Set<String> previousIndices() {
            return previous == null || previous.isEmpty() ? Set.of()
                    : Arrays.stream(previous.split(",")).collect(Collectors.toSet());
        }

        String progressJson(JsonMapper json) {
            try {
                return json.writeValueAsString(progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
