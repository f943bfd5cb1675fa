package com.example.commerce.api.search;

import java.util.UUID;

/**
 * Tells indexer-fn that a reindex job was recorded. Locally nothing needs telling: the indexer's poller finds the
 * job within about a second ({@link LocalReindexTrigger}); on Lambda the reindex function is invoked
 * ({@link LambdaReindexTrigger}).
 */
public interface ReindexTrigger {

    void trigger(UUID jobId);
}
