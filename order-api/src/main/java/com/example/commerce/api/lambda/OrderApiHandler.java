package com.example.commerce.api.lambda;

import com.example.commerce.platform.lambda.FunctionEnvironments;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

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
    }

    /** Runs against an application context that the caller manages. */
    public OrderApiHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionEnvironments.select(super.newApplicationContextBuilder(), ENVIRONMENT);
    }
}
