package com.example.commerce.api.catalog;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes counted views every {@code commerce.catalog.view-publish-interval} in a long-running process. On Lambda
 * an EventBridge schedule invokes {@code ViewPublishHandler} instead.
 */
@Singleton
@Requires(notEnv = Environment.FUNCTION)
@Requires(property = "commerce.catalog.view-publisher.enabled", notEquals = "false")
class ViewPublishScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ViewPublishScheduler.class);

    private final ProductViews views;

    ViewPublishScheduler(ProductViews views) {
        this.views = views;
    }

    @Scheduled(fixedDelay = "${commerce.catalog.view-publish-interval:10s}",
            initialDelay = "${commerce.catalog.view-publish-interval:10s}")
    void publish() {
        try {
            views.publishCounts();
        } catch (RuntimeException e) {
            // The counts stay in the table (the batch rolled back) and go out with the next run.
            LOG.warn("Publishing product views failed; retrying at the next interval: {}", e.toString());
        }
    }
}
