package com.example.commerce.api.lambda;

import com.example.commerce.platform.lambda.FunctionEnvironments;
import com.example.commerce.platform.lambda.SnapStartPriming;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.security.token.generator.TokenGenerator;

/**
 * AWS Lambda entry point behind an API Gateway HTTP API (payload format 2.0). The same controllers as the local
 * server answer; this class only selects the function's configuration (environment {@value #ENVIRONMENT}).
 * SAM Handler: {@code com.example.commerce.api.lambda.OrderApiHandler}.
 */
public class OrderApiHandler extends APIGatewayV2HTTPEventFunction {

    public static final String ENVIRONMENT = "order-api";

    /** Used by the Lambda runtime. */
    public OrderApiHandler() {
        super();
        primeBeforeSnapshot();
    }

    /** Runs against an application context that the caller manages. */
    public OrderApiHandler(ApplicationContext context) {
        super(context);
        primeBeforeSnapshot();
    }

    /** On Lambda (SnapStart), requests through this handler are the API's part of the priming. */
    private void primeBeforeSnapshot() {
        getApplicationContext().findBean(SnapStartPriming.class).ifPresent(priming -> priming.register(
                new RequestPriming(this, () -> getApplicationContext().getBean(TokenGenerator.class))));
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionEnvironments.select(super.newApplicationContextBuilder(), ENVIRONMENT);
    }
}
