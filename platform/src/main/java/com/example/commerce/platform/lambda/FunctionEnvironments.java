package com.example.commerce.platform.lambda;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;

/** The environments a function's Lambda handler starts its application context with. */
public final class FunctionEnvironments {

    /** Micronaut's name for the AWS Lambda environment (MicronautLambdaContext.ENVIRONMENT_LAMBDA). */
    static final String LAMBDA = "lambda";

    private FunctionEnvironments() {
    }

    /**
     * Selects {@code function}'s configuration (application-&lt;function&gt;.yml). Naming an environment drops
     * Micronaut's deduced "function" and "lambda", which keep the local adapters (Kafka listeners, schedules) out of
     * a Lambda: they are named again here.
     */
    public static ApplicationContextBuilder select(ApplicationContextBuilder builder, String function) {
        return builder.environments(function, Environment.FUNCTION, LAMBDA);
    }
}
