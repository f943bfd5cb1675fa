package com.example.commerce.indexer.reindex;

import java.util.UUID;

/**
 * The port through which a Lambda piece of a reindex hands the job on: "invoke this function again for job
 * {@code id}", asynchronously, so that this invocation can end. On AWS an asynchronous Lambda invocation
 * ({@link LambdaReindexContinuation}); in a test, a call in the same process.
 */
public interface ReindexContinuation {

    void continueLater(UUID jobId);
}
