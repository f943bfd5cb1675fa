package com.example.commerce.api.search;

import com.example.commerce.platform.lambda.AsyncLambdaInvoker;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.UUID;

/**
 * Invokes the reindex function ({@code commerce.reindex.function-name}, alias
 * {@code commerce.reindex.function-qualifier}) asynchronously with the job's id; the function runs the job in as
 * many invocations as it needs.
 */
@Singleton
@Requires(property = "commerce.reindex.function-name")
class LambdaReindexTrigger implements ReindexTrigger {

    private final AsyncLambdaInvoker lambda;

    LambdaReindexTrigger(@Value("${commerce.reindex.function-name}") String functionName,
                         @Value("${commerce.reindex.function-qualifier:live}") String qualifier,
                         @Value("${commerce.reindex.lambda-endpoint:}") String endpoint) {
        this.lambda = AsyncLambdaInvoker.of(functionName, qualifier, endpoint, Duration.ofSeconds(3));
    }

    @Override
    public void trigger(UUID jobId) {
        lambda.invoke("{\"jobId\":\"" + jobId + "\"}");
    }
}
