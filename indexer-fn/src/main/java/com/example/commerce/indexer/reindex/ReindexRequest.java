package com.example.commerce.indexer.reindex;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;
import java.util.UUID;

/**
 * What a reindex invocation carries: {@code {"jobId": "<uuid>"}} from order-api or from the previous piece; anything
 * else (the EventBridge schedule's event) asks for whichever job is waiting or stalled.
 */
record ReindexRequest(@Nullable UUID jobId) {

    static final String JOB_ID = "jobId";

    static ReindexRequest of(@Nullable Map<String, Object> event) {
        Object jobId = event == null ? null : event.get(JOB_ID);
        return new ReindexRequest(jobId == null ? null : UUID.fromString(jobId.toString()));
    }
}
