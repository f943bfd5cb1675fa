package com.example.commerce.platform.lambda;

import com.example.commerce.platform.secrets.AwsCredentials;
import com.example.commerce.platform.secrets.SignedPost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Invokes a Lambda function asynchronously (Invoke API, {@code InvocationType=Event}): one signed POST
 * ({@link SignedPost}), without an AWS SDK on the classpath. Lambda answers 202 once it has queued the event;
 * the function runs later, and Lambda retries it on failure.
 */
public final class AsyncLambdaInvoker {

    private final String functionName;
    private final String qualifier;
    private final String region;
    private final URI endpoint;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param functionName the function's name (not an ARN)
     * @param qualifier    the alias or version to invoke
     * @param region       the function's region; from {@code AWS_REGION} on Lambda
     * @param endpoint     replaces the regional endpoint, e.g. a stand-in on loopback in tests; null for AWS
     */
    public AsyncLambdaInvoker(String functionName, String qualifier, String region, URI endpoint, Duration timeout,
                              Clock clock) {
        this.functionName = functionName;
        this.qualifier = qualifier;
        this.region = region;
        this.endpoint = endpoint != null ? endpoint : URI.create("https://lambda." + region + "."
                + (region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"));
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * An invoker of {@code functionName} in this process's region, as configuration names it.
     *
     * @param endpoint blank for the regional endpoint
     */
    public static AsyncLambdaInvoker of(String functionName, String qualifier, String endpoint, Duration timeout) {
        return new AsyncLambdaInvoker(functionName, qualifier, currentRegion(),
                endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint), timeout, Clock.systemUTC());
    }

    /** The region Lambda runs this process in ({@code AWS_REGION}, or the SDK's {@code aws.region} property). */
    public static String currentRegion() {
        String region = System.getProperty("aws.region");
        if (region == null || region.isBlank()) {
            region = System.getenv("AWS_REGION");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("No AWS region: AWS_REGION is unset");
        }
        return region;
    }

    /** Queues one invocation with {@code payload} (JSON); throws if Lambda did not accept it. */
    public void invoke(String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        String base = endpoint.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/2015-03-31/functions/" + functionName + "/invocations?Qualifier=" + qualifier);
        try {
            SignedPost.Response response = SignedPost.send(uri, Map.of(
                    "Content-Type", "application/json",
                    "X-Amz-Invocation-Type", "Event"), body, AwsCredentials.fromEnvironment(), region, "lambda",
                    clock, timeout);
            if (response.status() != 202) {
                String error = response.text();
                throw new IllegalStateException("Lambda refused the asynchronous invocation of " + functionName
                        + ":" + qualifier + ": HTTP " + response.status() + " "
                        + error.substring(0, Math.min(error.length(), 1000)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not invoke " + functionName + " at " + uri + ": " + e, e);
        }
    }
}
