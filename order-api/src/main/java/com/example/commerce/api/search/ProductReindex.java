package com.example.commerce.api.search;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.platform.db.PostgresErrors;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductDocuments;
import com.example.commerce.productindex.ProductIndex;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * Rebuilds the product index from PostgreSQL without a moment of downtime, one rebuild at a time:
 * <ol>
 *   <li>a new concrete index is filled with every product, page by page, while search keeps reading the old one
 *       through the alias and the indexer keeps writing to it;</li>
 *   <li>catch-up into the new index: every product or metric changed since the rebuild began;</li>
 *   <li>the alias is swapped to the new index in one atomic request;</li>
 *   <li>the same catch-up again, through the alias. A change committed before this read is in it; one committed
 *       after it reaches the new index through the indexer, since the alias now points there. Versioned writes make
 *       the overlaps harmless. Only then is the old index deleted.</li>
 * </ol>
 */
@Singleton
public class ProductReindex {

    private static final Logger LOG = LoggerFactory.getLogger(ProductReindex.class);
    private static final int PAGE = 1_000;
    /**
     * How far before the start the catch-up looks: covers clock differences between the API's instances and the
     * database, and indexer transactions that commit well after their start time (their now()).
     */
    private static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(60);

    private final ProductIndex index;
    private final ProductDocuments documents;
    private final ReindexJobRepository jobs;
    private final ExecutorService executor;
    private final Duration abandonedAfter;

    public ProductReindex(ProductIndex index, ProductDocuments documents, ReindexJobRepository jobs,
                          @Named(TaskExecutors.IO) ExecutorService executor,
                          @Value("${commerce.search.reindex-abandoned-after:5m}") Duration abandonedAfter) {
        this.index = index;
        this.documents = documents;
        this.jobs = jobs;
        this.executor = executor;
        this.abandonedAfter = abandonedAfter;
    }

    /**
     * Starts a rebuild in the background and returns its job at once; 409 while another one runs. A running job
     * without progress for {@code reindex-abandoned-after} is marked failed first: its instance stopped.
     */
    public ReindexJob start() {
        int abandoned = jobs.failAbandoned(abandonedAfter.toSeconds());
        if (abandoned > 0) {
            LOG.warn("Marked {} abandoned reindex job(s) failed: no progress for {}", abandoned, abandonedAfter);
        }
        ReindexJob job;
        try {
            job = jobs.save(new ReindexJob(UUID.randomUUID(), ReindexJob.Status.RUNNING, 0, 0, null, null,
                    jobs.now(), null));
        } catch (DataAccessException e) {
            if (PostgresErrors.isUniqueViolation(e)) {
                throw new ApiException(HttpStatus.CONFLICT, "reindex-running", "A reindex is already running",
                        Map.of());
            }
            throw e;
        }
        ReindexJob started = job;
        executor.submit(() -> run(started));
        return job;
    }

    public Optional<ReindexJob> find(UUID id) {
        return jobs.findById(id);
    }

    private void run(ReindexJob job) {
        try {
            Instant began = jobs.now().minus(CATCH_UP_MARGIN);
            index.ensureExists();
            String rebuilt = index.createConcreteIndex();
            jobs.started(job.id(), documents.count(), rebuilt);
            long copied = copyAll(rebuilt, job.id());
            catchUp(began, rebuilt, job.id());
            Set<String> previous = index.swapTo(rebuilt);
            long caughtUp = catchUp(began, index.alias(), job.id());
            index.delete(previous);
            jobs.finished(job.id(), ReindexJob.Status.SUCCEEDED.name(), null);
            LOG.info("Reindex {} into {}: {} products, {} caught up after the swap", job.id(), rebuilt, copied,
                    caughtUp);
        } catch (RuntimeException e) {
            LOG.error("Reindex {} failed", job.id(), e);
            jobs.finished(job.id(), ReindexJob.Status.FAILED.name(), e.toString());
        }
    }

    /** Writes into {@code target} every product changed since {@code since}; returns how many. */
    private long catchUp(Instant since, String target, UUID job) {
        return documents.changedSince(since, PAGE, chunk -> {
            index.write(target, chunk, false);
            jobs.heartbeat(job);
        });
    }

    /** Writes every product into {@code target}, a page at a time in id order, reporting progress on the job. */
    private long copyAll(String target, UUID job) {
        long written = 0;
        long afterId = 0;
        List<ProductDocument> page;
        do {
            page = documents.after(afterId, PAGE);
            index.write(target, page, false);
            written += page.size();
            jobs.progress(job, written);
            afterId = page.isEmpty() ? afterId : page.get(page.size() - 1).id();
        } while (page.size() == PAGE);
        return written;
    }
}
