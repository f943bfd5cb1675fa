package com.example.commerce.api.search;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.UUID;

/** Without a reindex function to invoke, the indexer's poller finds the job in the database: nothing to do. */
@Singleton
@Requires(missingProperty = "commerce.reindex.function-name")
class LocalReindexTrigger implements ReindexTrigger {

    @Override
    public void trigger(UUID jobId) {
        // The job's row is the message.
    }
}
