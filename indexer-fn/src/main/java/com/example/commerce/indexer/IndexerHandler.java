package com.example.commerce.indexer;

import com.example.commerce.consumer.ConsumerHandler;
import com.example.commerce.platform.lambda.SnapStartPriming;

/**
 * AWS Lambda entry point for Amazon MSK triggers on {@code catalog-events}, {@code order-events} and
 * {@code inventory-events}: the records
 * of an invocation are one batch for {@link IndexerService}. A failure fails the invocation, so Lambda retries the
 * batch, which the processed-event marks and versioned writes make safe; a record that can never be applied is
 * dead-lettered and the invocation succeeds. SAM Handler: {@code com.example.commerce.indexer.IndexerHandler}.
 */
public class IndexerHandler extends ConsumerHandler {

    public static final String ENVIRONMENT = "indexer-fn";

    /** Used by the Lambda runtime. On Lambda (SnapStart) it registers the function's priming ({@link IndexerPriming}). */
    public IndexerHandler() {
        getApplicationContext().findBean(SnapStartPriming.class).ifPresent(priming -> priming.register(
                new IndexerPriming(() -> getApplicationContext().getBean(IndexerService.class))));
    }

    @Override
    protected String environment() {
        return ENVIRONMENT;
    }
}
