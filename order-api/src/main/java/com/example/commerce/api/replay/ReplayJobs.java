package com.example.commerce.api.replay;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.web.PageView;
import com.example.commerce.api.web.Paging;
import com.example.commerce.platform.db.PostgresErrors;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.model.Sort;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Replays of a read model from its source topics, one per read model at a time: this side records a job in
 * {@code replay_jobs} and triggers indexer-fn, which owns the read models and runs the job (its {@code LogReplay}),
 * recording its progress and outcome in the same row, so that any instance can report it.
 */
@Singleton
public class ReplayJobs {

    /** The read models a replay rebuilds, as the API names them. */
    public static final Set<String> READ_MODELS = Set.of("messages", "product-metrics");
    private static final Logger LOG = LoggerFactory.getLogger(ReplayJobs.class);
    private static final Argument<List<ReplayJob.Partition>> PARTITIONS = Argument.listOf(ReplayJob.Partition.class);
    private static final Argument<List<ReplayJob.DeadLetter>> DEAD_LETTERS =
            Argument.listOf(ReplayJob.DeadLetter.class);

    private final ReplayJobRepository jobs;
    private final ReplayTrigger trigger;
    private final JsonMapper json;
    private final Duration abandonedAfter;

    public ReplayJobs(ReplayJobRepository jobs, ReplayTrigger trigger, JsonMapper json,
                      @Value("${commerce.replay.abandoned-after:5m}") Duration abandonedAfter) {
        this.jobs = jobs;
        this.trigger = trigger;
        this.json = json;
        this.abandonedAfter = abandonedAfter;
    }

    /**
     * Records a replay of {@code readModel} and triggers it; returns its job at once. 400 for an unknown read
     * model, 409 while a replay of the same read model runs (one without progress for {@code abandoned-after} is
     * marked failed first: nothing runs it any more).
     */
    public ReplayJob start(String readModel) {
        if (readModel == null || !READ_MODELS.contains(readModel)) {
            throw ApiException.badRequest("unknown-read-model", "readModel must be one of " + READ_MODELS.stream()
                    .sorted().toList(), Map.of("readModel", String.valueOf(readModel)));
        }
        int abandoned = jobs.failAbandoned(readModel, abandonedAfter.toSeconds());
        if (abandoned > 0) {
            LOG.warn("Marked {} abandoned replay job(s) of {} failed: no progress for {}", abandoned, readModel,
                    abandonedAfter);
        }
        UUID id = UUID.randomUUID();
        try {
            jobs.record(id, readModel);
        } catch (DataAccessException e) {
            if (PostgresErrors.isUniqueViolation(e)) {
                throw ApiException.conflict("replay-running", "A replay of " + readModel + " is already running",
                        Map.of("readModel", readModel));
            }
            throw e;
        }
        try {
            trigger.trigger(id);
        } catch (RuntimeException e) {
            // Recorded all the same: the indexer's schedule (on Lambda) or poller (locally) finds the job.
            LOG.warn("Could not trigger replay {}; it waits for the indexer to find it: {}", id, e.toString());
        }
        return find(id).orElseThrow();
    }

    /** Newest first; 400 for a page below 1 or a size outside 1-{@value Paging#MAX_SIZE}. */
    public PageView<ReplayJob> list(int page, int size) {
        Paging.of(page, size, Sort.UNSORTED);
        var items = jobs.newestFirst(size, (long) (page - 1) * size).stream().map(this::view).toList();
        return new PageView<>(items, page, size, jobs.countJobs());
    }

    public Optional<ReplayJob> find(UUID id) {
        return jobs.find(id).map(this::view);
    }

    private ReplayJob view(ReplayJobRow row) {
        try {
            return new ReplayJob(row.id(), row.readModel(), row.status(), row.phase(), row.target(),
                    json.readValue(row.partitions(), PARTITIONS), row.eventsRead(), row.applied(),
                    row.verifyAttempts(), row.verification(), row.error(), row.startedAt(), row.finishedAt(),
                    row.deadLettered(), json.readValue(row.deadLetters(), DEAD_LETTERS));
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable positions of replay " + row.id(), e);
        }
    }
}
