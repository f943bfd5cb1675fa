package com.example.commerce.platform.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * One POST to an AWS API, signed with {@link SigV4}, over {@link HttpURLConnection}: what the project's AWS calls
 * (Secrets Manager, Lambda's Invoke) need, without an AWS SDK and its cold-start cost.
 */
public final class SignedPost {

    /** The answer: its HTTP status and body (the error body when the status is not 2xx). */
    public record Response(int status, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private SignedPost() {
    }

    /**
     * @param headers the request's own headers; the signature's are added
     * @param service the signing name of the AWS service, e.g. {@code lambda}
     */
    public static Response send(URI uri, Map<String, String> headers, byte[] body, AwsCredentials credentials,
                                String region, String service, Clock clock, Duration timeout) throws IOException {
        Map<String, String> signed = SigV4.sign("POST", uri, headers, body, credentials, region, service,
                clock.instant());
        var connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            connection.setRequestMethod("POST");
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            signed.forEach(connection::setRequestProperty);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            return new Response(status, readAll(status < 300 ? connection.getInputStream()
                    : connection.getErrorStream()));
        } finally {
            connection.disconnect();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (in; var bytes = new ByteArrayOutputStream()) {
            in.transferTo(bytes);
            return bytes.toByteArray();
        }
    }
}
