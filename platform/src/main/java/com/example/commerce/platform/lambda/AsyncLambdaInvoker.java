package com.example.commerce.platform.lambda;

import com.example.commerce.platform.secrets.AwsCredentials;
import com.example.commerce.platform.secrets.SigV4;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Invokes a Lambda function asynchronously (Invoke API, {@code InvocationType=Event}): one signed POST over
 * {@link HttpURLConnection}, without an AWS SDK on the classpath. Lambda answers 202 once it has queued the event;
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
        Map<String, String> headers = SigV4.sign("POST", uri, Map.of(
                "Content-Type", "application/json",
                "X-Amz-Invocation-Type", "Event"), body, AwsCredentials.fromEnvironment(), region, "lambda",
                clock.instant());
        try {
            var connection = (HttpURLConnection) uri.toURL().openConnection();
            try {
                connection.setRequestMethod("POST");
                connection.setConnectTimeout((int) timeout.toMillis());
                connection.setReadTimeout((int) timeout.toMillis());
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                headers.forEach(connection::setRequestProperty);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
                int status = connection.getResponseCode();
                if (status != 202) {
                    throw new IllegalStateException("Lambda refused the asynchronous invocation of " + functionName
                            + ":" + qualifier + ": HTTP " + status + " " + read(connection.getErrorStream()));
                }
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not invoke " + functionName + " at " + uri + ": " + e, e);
        }
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readNBytes(1000), StandardCharsets.UTF_8);
        }
    }
}
