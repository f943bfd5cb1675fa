package com.example.commerce.indexer.reindex;

import com.example.commerce.platform.lambda.AsyncLambdaInvoker;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.UUID;

/**
 * Hands a paused job on by invoking this function ({@code commerce.reindex.function-name}, alias
 * {@code commerce.reindex.function-qualifier}) again, asynchronously, with the job's id. If that invocation cannot
 * be queued, the EventBridge schedule resumes the job.
 */
@Singleton
@Requires(property = "commerce.reindex.function-name")
class LambdaReindexContinuation implements ReindexContinuation {

    private final AsyncLambdaInvoker lambda;

    LambdaReindexContinuation(@Value("${commerce.reindex.function-name}") String functionName,
                              @Value("${commerce.reindex.function-qualifier:live}") String qualifier,
                              @Value("${commerce.reindex.lambda-endpoint:}") String endpoint) {
        this.lambda = AsyncLambdaInvoker.of(functionName, qualifier, endpoint, Duration.ofSeconds(5));
    }

    @Override
    public void continueLater(UUID jobId) {
        lambda.invoke("{\"" + ReindexRequest.JOB_ID + "\":\"" + jobId + "\"}");
    }
}
