package com.example.commerce.indexer.replay;

import java.util.UUID;

/**
 * The port through which a Lambda piece of a replay hands the job on: "invoke this function again for job
 * {@code id}", asynchronously, so that this invocation can end ({@link LambdaReplayContinuation}).
 */
public interface ReplayContinuation {

    void continueLater(UUID jobId);
}
