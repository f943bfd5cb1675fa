package com.example.commerce.indexer.replay;

import com.amazonaws.services.lambda.runtime.Context;
import com.example.commerce.indexer.IndexerHandler;
import com.example.commerce.platform.lambda.FunctionEnvironments;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * AWS Lambda entry point of the log replay, invoked asynchronously: by order-api with the job it recorded
 * ({@code {"jobId": "<uuid>"}}), by itself with the job to continue, and by an EventBridge schedule as a backstop
 * that resumes a job whose chain of invocations broke. Runs one piece of the job until the invocation's remaining
 * time, less {@code commerce.replay.lambda-safety-margin}, is used up; the cursor (positions in the log included) is
 * saved after every step, and the function invokes itself again for the rest. SAM Handler:
 * {@code com.example.commerce.indexer.replay.ReplayHandler}.
 */
public class ReplayHandler extends MicronautRequestHandler<Map<String, Object>, String> {

    @Inject
    LogReplay replay;

    @Inject
    ReplayContinuation continuation;

    @Inject
    ReplayConfiguration config;

    public ReplayHandler() {
    }

    /** With the given context builder, e.g. one that supplies another {@link ReplayContinuation}. */
    public ReplayHandler(ApplicationContextBuilder builder) {
        super(FunctionEnvironments.select(builder, IndexerHandler.ENVIRONMENT));
    }

    /** @return the outcome of the piece, or {@code IDLE} when no job was waiting */
    @Override
    public String execute(Map<String, Object> event) {
        long remainingMillis = getApplicationContext().findBean(Context.class)
                .map(Context::getRemainingTimeInMillis).orElse(60_000);
        Instant deadline = Instant.now().plus(Duration.ofMillis(remainingMillis)).minus(config.lambdaSafetyMargin());
        Object requested = event == null ? null : event.get("jobId");
        Optional<UUID> job = Optional.ofNullable(requested).map(id -> UUID.fromString(id.toString()))
                .or(replay::resumable);
        if (job.isEmpty()) {
            return "IDLE";
        }
        LogReplay.Outcome outcome = replay.run(job.get(), deadline);
        if (outcome == LogReplay.Outcome.PAUSED) {
            continuation.continueLater(job.get());
        }
        return outcome.name();
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionEnvironments.select(super.newApplicationContextBuilder(), IndexerHandler.ENVIRONMENT);
    }
}
