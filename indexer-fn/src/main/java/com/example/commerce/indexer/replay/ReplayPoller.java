package com.example.commerce.indexer.replay;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * The local adapter: in a long-running process, looks for a requested (or stalled) replay job every
 * {@code commerce.replay.poll-interval} and runs it to its end in one piece. On Lambda, {@link ReplayHandler} runs
 * jobs instead.
 */
@Singleton
@Requires(notEnv = Environment.FUNCTION)
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.replay.poller.enabled", notEquals = "false") // off: this process runs other functions only
class ReplayPoller {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayPoller.class);

    private final LogReplay replay;

    ReplayPoller(LogReplay replay) {
        this.replay = replay;
    }

    @Scheduled(fixedDelay = "${commerce.replay.poll-interval:1s}", initialDelay = "${commerce.replay.poll-interval:1s}")
    void poll() {
        try {
            replay.resumable().ifPresent(job -> replay.run(job, Instant.MAX));
        } catch (RuntimeException e) {
            LOG.warn("Looking for a replay job failed: {}", e.toString());
        }
    }
}
