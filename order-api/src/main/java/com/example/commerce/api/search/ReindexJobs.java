package com.example.commerce.api.search;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.platform.db.PostgresErrors;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Full rebuilds of the product index, one at a time: this side records a job in {@code reindex_jobs} and triggers
 * indexer-fn, which owns the index writes and runs the job (its {@code ProductReindex}), recording its progress
 * and outcome in the same row, so that any instance can report it.
 */
@Singleton
public class ReindexJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ReindexJobs.class);

    private final ReindexJobRepository jobs;
    private final ReindexTrigger trigger;
    private final Duration abandonedAfter;

    public ReindexJobs(ReindexJobRepository jobs, ReindexTrigger trigger,
                       @Value("${commerce.search.reindex-abandoned-after:5m}") Duration abandonedAfter) {
        this.jobs = jobs;
        this.trigger = trigger;
        this.abandonedAfter = abandonedAfter;
    }

    /**
     * Records a rebuild and triggers it; returns its job at once; 409 while another one runs. A running job without
     * progress for {@code reindex-abandoned-after} is marked failed first: nothing is running it any more.
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
        try {
            trigger.trigger(job.id());
        } catch (RuntimeException e) {
            // Recorded all the same: the indexer's schedule (on Lambda) or poller (locally) finds the job.
            LOG.warn("Could not trigger reindex {}; it waits for the indexer to find it: {}", job.id(), e.toString());
        }
        return job;
    }

    /** Newest first. */
    public Page<ReindexJob> list(Pageable pageable) {
        return jobs.findAll(pageable);
    }

    public Optional<ReindexJob> find(UUID id) {
        return jobs.findById(id);
    }
}
