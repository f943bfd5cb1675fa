package com.example.commerce.testsupport;

import com.amazonaws.services.lambda.runtime.Context;

import java.lang.reflect.Proxy;

/** Lambda invocation contexts for calling a handler in-process. */
public final class LambdaContexts {

    private LambdaContexts() {
    }

    /** A Lambda context with {@code remainingMillis} left; its other values are zero or absent. */
    public static Context withRemaining(int remainingMillis) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> remainingMillis;
                    case "getMemoryLimitInMB" -> 0;
                    default -> null;
                });
    }
}
