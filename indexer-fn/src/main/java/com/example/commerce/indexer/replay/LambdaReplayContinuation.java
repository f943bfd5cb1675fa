package com.example.commerce.indexer.replay;

import com.example.commerce.platform.lambda.AsyncLambdaInvoker;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.UUID;

/**
 * Hands a paused job on by invoking this function ({@code commerce.replay.function-name}, alias
 * {@code commerce.replay.function-qualifier}) again, asynchronously, with the job's id. If that invocation cannot
 * be queued, the EventBridge schedule resumes the job.
 */
@Singleton
@Requires(property = "commerce.replay.function-name")
class LambdaReplayContinuation implements ReplayContinuation {

    private final AsyncLambdaInvoker lambda;

    LambdaReplayContinuation(@Value("${commerce.replay.function-name}") String functionName,
                             @Value("${commerce.replay.function-qualifier:live}") String qualifier,
                             @Value("${commerce.replay.lambda-endpoint:}") String endpoint) {
        this.lambda = AsyncLambdaInvoker.of(functionName, qualifier, endpoint, Duration.ofSeconds(5));
    }

    @Override
    public void continueLater(UUID jobId) {
        lambda.invoke("{\"jobId\":\"" + jobId + "\"}");
    }
}
