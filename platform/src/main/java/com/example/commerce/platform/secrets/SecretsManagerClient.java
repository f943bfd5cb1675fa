package com.example.commerce.platform.secrets;

import io.micronaut.context.exceptions.ConfigurationException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Secrets Manager's GetSecretValue: one signed POST of the JSON protocol over {@link HttpURLConnection}, which
 * costs a cold start far less than an AWS SDK client (see BENCHMARKS.md).
 */
final class SecretsManagerClient {

    private final AwsCredentials credentials;
    private final Duration timeout;
    /** Replaces the regional endpoint, e.g. a stand-in on loopback in tests; null for AWS. */
    private final URI endpointOverride;
    private final Clock clock;

    SecretsManagerClient(AwsCredentials credentials, Duration timeout, URI endpointOverride, Clock clock) {
        this.credentials = credentials;
        this.timeout = timeout;
        this.endpointOverride = endpointOverride;
        this.clock = clock;
    }

    /** The SecretString of the secret's current version. */
    String secretString(SecretArn secret) {
        URI endpoint = endpointOverride != null ? endpointOverride : secret.regionalEndpoint();
        byte[] body = FlatJson.object(Map.of("SecretId", secret.arn()));
        Map<String, String> headers = SigV4.sign("POST", endpoint, Map.of(
                "Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "secretsmanager.GetSecretValue"), body, credentials, secret.region(),
                "secretsmanager", clock.instant());
        try {
            var connection = (HttpURLConnection) endpoint.toURL().openConnection();
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
                Map<String, String> answer = FlatJson.strings(readAll(status < 300 ? connection.getInputStream()
                        : connection.getErrorStream()));
                if (status != 200) {
                    String type = answer.getOrDefault("__type", "");
                    throw new ConfigurationException("Secrets Manager refused GetSecretValue of " + secret.arn()
                            + ": HTTP " + status + " " + type.substring(type.indexOf('#') + 1) + ": "
                            + answer.getOrDefault("message", answer.getOrDefault("Message", "")));
                }
                String value = answer.get("SecretString");
                if (value == null) {
                    throw new ConfigurationException("Secret " + secret.arn() + " has no SecretString (a binary "
                            + "secret is not supported)");
                }
                return value;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new ConfigurationException("Could not read secret " + secret.arn() + " from Secrets Manager at "
                    + endpoint + ": " + e, e);
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
