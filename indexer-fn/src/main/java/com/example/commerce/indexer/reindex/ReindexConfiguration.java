package com.example.commerce.indexer.reindex;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of the reindex runner ({@code commerce.reindex.*}).
 *
 * @param pageSize          products read and written per step, and per heartbeat
 * @param pollInterval      how often the local poller looks for a requested job
 * @param resumeAfter       a job whose running piece has shown no progress for this long is taken over
 * @param lambdaSafetyMargin on Lambda, a piece starts no step once the invocation has less time left than this
 */
@ConfigurationProperties("commerce.reindex")
public record ReindexConfiguration(@Bindable(defaultValue = "1000") int pageSize,
                                   @Bindable(defaultValue = "1s") Duration pollInterval,
                                   @Bindable(defaultValue = "2m") Duration resumeAfter,
                                   @Bindable(defaultValue = "20s") Duration lambdaSafetyMargin) {

    public ReindexConfiguration {
        if (pageSize < 1) {
            throw new IllegalArgumentException("commerce.reindex.page-size must be at least 1: " + pageSize);
        }
    }
}
