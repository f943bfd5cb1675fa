package com.example.commerce.indexer.reindex;

import com.example.commerce.indexer.reindex.ReindexCursor.Phase;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductDocuments;
import com.example.commerce.productindex.ProductIndex;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Rebuilds the product index from PostgreSQL without a moment of downtime, one rebuild at a time, for a job that
 * order-api recorded in {@code reindex_jobs}:
 * <ol>
 *   <li>a new concrete index is filled with every product, page by page, while search keeps reading the old one
 *       through the alias and the indexer keeps writing to it;</li>
 *   <li>catch-up into the new index: every product or metric changed since the rebuild began;</li>
 *   <li>the alias is swapped to the new index in one atomic request;</li>
 *   <li>the same catch-up again, through the alias. A change committed before this read is in it; one committed
 *       after it reaches the new index through the indexer, since the alias now points there. Versioned writes make
 *       the overlaps harmless. Only then are the old indices deleted.</li>
 * </ol>
 * The work is done in steps (a page, the swap), each followed by a write of the job's cursor, so that it can be cut
 * into pieces at any step: a piece claims the job, runs steps until its deadline and hands the job on
 * ({@link Outcome#PAUSED}); the next piece, in this process or another, continues from the cursor. Every step can be
 * repeated without harm, so a piece that stopped between a step and its cursor write costs only that step again.
 */
@Singleton
public class ProductReindex {

    /** How a piece ended. */
    public enum Outcome {
        /** The job succeeded. */
        SUCCEEDED,
        /** The job failed; its error is recorded. */
        FAILED,
        /** The deadline came first: the cursor is saved and the job is free for the next piece. */
        PAUSED,
        /** Nothing to do: the job is not running, or another piece holds it. */
        NOT_CLAIMED
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProductReindex.class);
    /**
     * How far before the start the catch-up looks: covers clock differences between the instances and the
     * database, and indexer transactions that commit well after their start time (their now()).
     */
    private static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(60);
    private static final String SEPARATOR = ",";

    private final ProductIndex index;
    private final ProductDocuments documents;
    private final ChangedProducts changed;
    private final ReindexCursorRepository jobs;
    private final ReindexConfiguration config;
    private final Duration abandonedAfter;

    public ProductReindex(ProductIndex index, ProductDocuments documents, ChangedProducts changed,
                          ReindexCursorRepository jobs, ReindexConfiguration config,
                          @Value("${commerce.search.reindex-abandoned-after:5m}") Duration abandonedAfter) {
        this.index = index;
        this.documents = documents;
        this.changed = changed;
        this.jobs = jobs;
        this.config = config;
        this.abandonedAfter = abandonedAfter;
    }

    /** The oldest running job that a piece may take now: new, handed on, or left by a piece that went silent. */
    public Optional<UUID> resumable() {
        return jobs.findResumable(config.resumeAfter().toSeconds(), abandonedAfter.toSeconds())
                .map(ReindexCursor::id);
    }

    /**
     * Runs one piece of job {@code id}: claims it, then works through its cursor until the job ends or
     * {@code deadline} has passed (at least one step either way, so that every piece makes progress).
     */
    public Outcome run(UUID id, Instant deadline) {
        UUID runner = UUID.randomUUID();
        if (jobs.claim(id, runner, config.resumeAfter().toSeconds(), abandonedAfter.toSeconds()) == 0) {
            return Outcome.NOT_CLAIMED;
        }
        try {
            ReindexCursor job = jobs.find(id).orElseThrow();
            LOG.info("Reindex {} piece {} starts at {} after id {}", id, job.pieces(), job.phase(), job.afterId());
            do {
                Optional<ReindexCursor> next = step(job, runner);
                if (next.isEmpty()) {
                    LOG.warn("Reindex {} is no longer this piece's to run (failed or taken over)", id);
                    return Outcome.NOT_CLAIMED;
                }
                job = next.get();
                if (job.phase() == Phase.DONE) {
                    LOG.info("Reindex {} into {} succeeded: {} products copied, in {} piece(s)", id,
                            job.indexName(), job.indexed(), job.pieces());
                    return Outcome.SUCCEEDED;
                }
            } while (Instant.now().isBefore(deadline));
            jobs.release(id, runner);
            return Outcome.PAUSED;
        } catch (RuntimeException e) {
            LOG.error("Reindex {} failed", id, e);
            jobs.finished(id, runner, "FAILED", e.toString());
            return Outcome.FAILED;
        }
    }

    /** One step from {@code job}'s cursor; the cursor after it, or empty if the job is no longer this runner's. */
    private Optional<ReindexCursor> step(ReindexCursor job, UUID runner) {
        return switch (job.phase()) {
            case REQUESTED -> begin(job, runner);
            case COPYING -> copyPage(job, runner);
            case CATCHING_UP -> catchUpPage(job, runner, job.indexName(), Phase.CATCHING_UP);
            case SWAPPING -> swap(job, runner);
            case FOLLOWING_UP -> catchUpPage(job, runner, index.alias(), Phase.FOLLOWING_UP);
            case DONE -> Optional.of(job);
        };
    }

    private Optional<ReindexCursor> begin(ReindexCursor job, UUID runner) {
        Instant changedSince = jobs.now().minus(CATCH_UP_MARGIN);
        index.ensureExists();
        String rebuilt = index.createConcreteIndex();
        long total = documents.count();
        if (jobs.began(job.id(), runner, rebuilt, total, changedSince) == 0) {
            index.delete(Set.of(rebuilt));
            return Optional.empty();
        }
        return jobs.find(job.id());
    }

    /** Writes the next page of all products, in id order, into the new index. */
    private Optional<ReindexCursor> copyPage(ReindexCursor job, UUID runner) {
        List<ProductDocument> page = documents.after(job.afterId(), config.pageSize());
        index.write(job.indexName(), page, false);
        long indexed = job.indexed() + page.size();
        if (page.size() < config.pageSize()) {
            return moved(jobs.advance(job.id(), runner, Phase.CATCHING_UP.name(), 0, indexed), job.id());
        }
        return moved(jobs.advance(job.id(), runner, Phase.COPYING.name(), page.get(page.size() - 1).id(), indexed),
                job.id());
    }

    /**
     * Writes the next page of products changed since the rebuild began into {@code target}; after the last page,
     * moves on: before the swap to swapping, after it to deleting the old indices and success.
     */
    private Optional<ReindexCursor> catchUpPage(ReindexCursor job, UUID runner, String target, Phase phase) {
        List<Long> ids = changed.after(job.changedSince(), job.afterId(), config.pageSize());
        index.write(target, documents.byIds(ids), false);
        if (ids.size() == config.pageSize()) {
            return moved(jobs.advance(job.id(), runner, phase.name(), ids.get(ids.size() - 1), job.indexed()),
                    job.id());
        }
        if (phase == Phase.CATCHING_UP) {
            Set<String> previous = new HashSet<>(index.concreteIndices());
            previous.remove(job.indexName());
            return moved(jobs.swapping(job.id(), runner, String.join(SEPARATOR, previous)), job.id());
        }
        index.delete(previousIndices(job));
        return moved(jobs.finished(job.id(), runner, "SUCCEEDED", null), job.id());
    }

    /** Points the alias at the new index only; repeating it after it happened changes nothing. */
    private Optional<ReindexCursor> swap(ReindexCursor job, UUID runner) {
        // The claim is checked right before: a piece that lost the job must not move the alias.
        if (jobs.advance(job.id(), runner, Phase.SWAPPING.name(), 0, job.indexed()) == 0) {
            return Optional.empty();
        }
        index.swapTo(job.indexName());
        return moved(jobs.advance(job.id(), runner, Phase.FOLLOWING_UP.name(), 0, job.indexed()), job.id());
    }

    private Optional<ReindexCursor> moved(int updated, UUID id) {
        return updated == 0 ? Optional.empty() : jobs.find(id);
    }

    private static Set<String> previousIndices(ReindexCursor job) {
        if (job.previousIndices() == null || job.previousIndices().isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(job.previousIndices().split(SEPARATOR)).collect(Collectors.toSet());
    }
}
