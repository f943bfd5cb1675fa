package com.example.commerce.api.lambda;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.example.commerce.api.catalog.ProductViews;
import com.example.commerce.platform.lambda.FunctionEnvironments;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * AWS Lambda entry point for publishing counted product views, invoked by an EventBridge schedule (the local
 * server's ViewPublishScheduler does the same on a timer). Deployed from the order-api jar as a function of its
 * own, so that the API function stays an API. SAM Handler: {@code com.example.commerce.api.lambda.ViewPublishHandler}.
 */
public class ViewPublishHandler extends MicronautRequestHandler<ScheduledEvent, Integer> {

    @Inject
    ProductViews views;

    @Override
    public Integer execute(ScheduledEvent event) {
        return views.publishCounts();
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionEnvironments.select(super.newApplicationContextBuilder(), OrderApiHandler.ENVIRONMENT);
    }
}
