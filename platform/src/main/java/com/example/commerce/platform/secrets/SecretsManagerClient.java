package com.example.commerce.platform.secrets;

import io.micronaut.context.exceptions.ConfigurationException;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Secrets Manager's GetSecretValue: one signed POST of the JSON protocol ({@link SignedPost}), which
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
        try {
            SignedPost.Response response = SignedPost.send(endpoint, Map.of(
                    "Content-Type", "application/x-amz-json-1.1",
                    "X-Amz-Target", "secretsmanager.GetSecretValue"), body, credentials, secret.region(),
                    "secretsmanager", clock, timeout);
            Map<String, String> answer = FlatJson.strings(response.body());
            if (response.status() != 200) {
                String type = answer.getOrDefault("__type", "");
                throw new ConfigurationException("Secrets Manager refused GetSecretValue of " + secret.arn()
                        + ": HTTP " + response.status() + " " + type.substring(type.indexOf('#') + 1) + ": "
                        + answer.getOrDefault("message", answer.getOrDefault("Message", "")));
            }
            String value = answer.get("SecretString");
            if (value == null) {
                throw new ConfigurationException("Secret " + secret.arn() + " has no SecretString (a binary "
                        + "secret is not supported)");
            }
            return value;
        } catch (IOException e) {
            throw new ConfigurationException("Could not read secret " + secret.arn() + " from Secrets Manager at "
                    + endpoint + ": " + e, e);
        }
    }
}
