package com.example.commerce.api.search;

import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductDocuments;
import com.example.commerce.productindex.ProductIndex;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * Rebuilds the product index from PostgreSQL without a moment of downtime:
 * <ol>
 *   <li>a new concrete index is filled with every active product, page by page, while search keeps reading the
 *       old one through the alias and the indexer keeps writing to it;</li>
 *   <li>the alias is swapped to the new index in one atomic request (the old one is deleted);</li>
 *   <li>catch-up: every product or metric changed since the rebuild began is written again. A change committed
 *       before this read is included here; one committed after it reaches the new index through the indexer,
 *       since the alias now points there. Versioned writes make the overlap harmless.</li>
 * </ol>
 */
@Singleton
public class ProductReindex {

    private static final Logger LOG = LoggerFactory.getLogger(ProductReindex.class);
    private static final int PAGE = 1_000;
    /** Covers clock differences between the API's instances and the database. */
    private static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(5);

    private final ProductIndex index;
    private final ProductDocuments documents;
    private final ReindexJobRepository jobs;
    private final ExecutorService executor;

    public ProductReindex(ProductIndex index, ProductDocuments documents, ReindexJobRepository jobs,
                          @Named(TaskExecutors.IO) ExecutorService executor) {
        this.index = index;
        this.documents = documents;
        this.jobs = jobs;
        this.executor = executor;
    }

    /** Starts a rebuild in the background and returns its job at once. */
    public ReindexJob start() {
        var job = jobs.save(new ReindexJob(UUID.randomUUID(), ReindexJob.Status.RUNNING, 0, 0, null, null,
                jobs.now(), null));
        executor.submit(() -> run(job));
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
            jobs.started(job.id(), documents.countActive(), rebuilt);
            long indexed = 0;
            long afterId = 0;
            List<ProductDocument> page;
            do {
                page = documents.activeAfter(afterId, PAGE);
                index.write(rebuilt, page, false);
                indexed += page.size();
                jobs.progress(job.id(), indexed);
                afterId = page.isEmpty() ? afterId : page.get(page.size() - 1).id();
            } while (page.size() == PAGE);
            index.swapTo(rebuilt);
            List<ProductDocument> changed = documents.changedSince(began);
            index.write(changed);
            jobs.finished(job.id(), ReindexJob.Status.SUCCEEDED.name(), null);
            LOG.info("Reindex {} into {}: {} products, {} caught up", job.id(), rebuilt, indexed, changed.size());
        } catch (RuntimeException e) {
            LOG.error("Reindex {} failed", job.id(), e);
            jobs.finished(job.id(), ReindexJob.Status.FAILED.name(), e.toString());
        }
    }
}
