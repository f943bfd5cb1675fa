package com.example.commerce.indexer.reindex;

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
 * AWS Lambda entry point of the full reindex, invoked asynchronously: by order-api with the job it recorded, by
 * itself with the job to continue, and by an EventBridge schedule as a backstop that resumes a job whose chain of
 * invocations broke. Runs one piece of the job until the invocation's remaining time, less
 * {@code commerce.reindex.lambda-safety-margin}, is used up; then the cursor is saved and the function invokes
 * itself again for the rest. SAM Handler: {@code com.example.commerce.indexer.reindex.ReindexHandler}.
 */
public class ReindexHandler extends MicronautRequestHandler<Map<String, Object>, String> {

    @Inject
    ProductReindex reindex;

    @Inject
    ReindexContinuation continuation;

    @Inject
    ReindexConfiguration config;

    public ReindexHandler() {
    }

    /** With the given context builder, e.g. one that supplies another {@link ReindexContinuation}. */
    public ReindexHandler(ApplicationContextBuilder builder) {
        super(FunctionEnvironments.select(builder, IndexerHandler.ENVIRONMENT));
    }

    /** @return the outcome of the piece, or {@code IDLE} when no job was waiting */
    @Override
    public String execute(Map<String, Object> event) {
        long remainingMillis = getApplicationContext().findBean(Context.class)
                .map(Context::getRemainingTimeInMillis).orElse(60_000);
        Instant deadline = Instant.now().plus(Duration.ofMillis(remainingMillis)).minus(config.lambdaSafetyMargin());
        Optional<UUID> job = Optional.ofNullable(ReindexRequest.of(event).jobId()).or(reindex::resumable);
        if (job.isEmpty()) {
            return "IDLE";
        }
        ProductReindex.Outcome outcome = reindex.run(job.get(), deadline);
        if (outcome == ProductReindex.Outcome.PAUSED) {
            continuation.continueLater(job.get());
        }
        return outcome.name();
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionEnvironments.select(super.newApplicationContextBuilder(), IndexerHandler.ENVIRONMENT);
    }
}
