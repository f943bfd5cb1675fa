package com.example.commerce.api.replay;

import com.example.commerce.platform.lambda.AsyncLambdaInvoker;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.UUID;

/**
 * Invokes the replay function ({@code commerce.replay.function-name}, alias {@code commerce.replay.function-qualifier})
 * asynchronously with the job's id; the function runs the job in as many invocations as it needs.
 */
@Singleton
@Requires(property = "commerce.replay.function-name")
class LambdaReplayTrigger implements ReplayTrigger {

    private final AsyncLambdaInvoker lambda;

    LambdaReplayTrigger(@Value("${commerce.replay.function-name}") String functionName,
                        @Value("${commerce.replay.function-qualifier:live}") String qualifier,
                        @Value("${commerce.replay.lambda-endpoint:}") String endpoint) {
        this.lambda = AsyncLambdaInvoker.of(functionName, qualifier, endpoint, Duration.ofSeconds(3));
    }

    @Override
    public void trigger(UUID jobId) {
        lambda.invoke("{\"jobId\":\"" + jobId + "\"}");
    }
}
