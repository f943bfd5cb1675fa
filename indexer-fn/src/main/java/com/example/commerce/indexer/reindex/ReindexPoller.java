package com.example.commerce.indexer.reindex;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * The local adapter: in a long-running process, looks for a requested (or stalled) reindex job every
 * {@code commerce.reindex.poll-interval} and runs it to its end in one piece. Any number of processes may poll: a
 * job is claimed by one piece at a time. On Lambda, {@link ReindexHandler} runs jobs instead.
 */
@Singleton
@Requires(notEnv = Environment.FUNCTION)
@Requires(property = "commerce.reindex.poller.enabled", notEquals = "false") // off: this process runs other functions only
class ReindexPoller {

    private static final Logger LOG = LoggerFactory.getLogger(ReindexPoller.class);

    private final ProductReindex reindex;

    ReindexPoller(ProductReindex reindex) {
        this.reindex = reindex;
    }

    @Scheduled(fixedDelay = "${commerce.reindex.poll-interval:1s}", initialDelay = "${commerce.reindex.poll-interval:1s}")
    void poll() {
        try {
            reindex.resumable().ifPresent(job -> reindex.run(job, Instant.MAX));
        } catch (RuntimeException e) {
            LOG.warn("Looking for a reindex job failed: {}", e.toString());
        }
    }
}
