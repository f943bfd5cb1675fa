package com.example.commerce.api.replay;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.UUID;

/** Without a replay function to invoke, the indexer's poller finds the job in the database: nothing to do. */
@Singleton
@Requires(missingProperty = "commerce.replay.function-name")
class LocalReplayTrigger implements ReplayTrigger {

    @Override
    public void trigger(UUID jobId) {
        // The job's row is the message.
    }
}
