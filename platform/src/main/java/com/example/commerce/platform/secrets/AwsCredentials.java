package com.example.commerce.platform.secrets;

import io.micronaut.context.exceptions.ConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The credentials a Lambda function runs with, found as the AWS SDK's default chain finds them: the SDK's system
 * properties ({@code aws.accessKeyId}...), which let a test run in-process; then {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}, where the runtime puts the role's temporary
 * credentials; then the container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}), which is all a SnapStart function has: its runtime sets no key
 * variables. Read again for every call, so a restored snapshot never signs with credentials of its checkpoint.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    private static final int CONTAINER_TIMEOUT_MILLIS = 2_000;

    public static AwsCredentials fromEnvironment() {
        return resolve(name -> {
            String value = System.getProperty(name);
            return value != null ? value : System.getenv(name);
        });
    }

    /** @param settings a system property or environment variable by name; null when unset */
    static AwsCredentials resolve(UnaryOperator<String> settings) {
        String accessKeyId = first(settings, "aws.accessKeyId", "AWS_ACCESS_KEY_ID");
        String secretAccessKey = first(settings, "aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY");
        if (accessKeyId != null && secretAccessKey != null) {
            return new AwsCredentials(accessKeyId, secretAccessKey,
                    first(settings, "aws.sessionToken", "AWS_SESSION_TOKEN"));
        }
        String endpoint = first(settings, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
        if (endpoint != null) {
            return fromContainer(URI.create(endpoint), containerToken(settings));
        }
        throw new ConfigurationException("No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are unset, "
                + "and so is AWS_CONTAINER_CREDENTIALS_FULL_URI");
    }

    private static String containerToken(UnaryOperator<String> settings) {
        String token = first(settings, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
        String file = first(settings, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
        if (token == null && file != null) {
            try {
                token = Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new ConfigurationException("Cannot read the container credentials token " + file + ": " + e, e);
            }
        }
        return token;
    }

    /** GET on the container credentials endpoint: {@code {AccessKeyId, SecretAccessKey, Token, Expiration}}. */
    static AwsCredentials fromContainer(URI endpoint, String authorization) {
        try {
            var connection = (HttpURLConnection) endpoint.toURL().openConnection();
            try {
                connection.setConnectTimeout(CONTAINER_TIMEOUT_MILLIS);
                connection.setReadTimeout(CONTAINER_TIMEOUT_MILLIS);
                if (authorization != null) {
                    connection.setRequestProperty("Authorization", authorization);
                }
                int status = connection.getResponseCode();
                if (status != 200) {
                    throw new ConfigurationException("The container credentials endpoint answered HTTP " + status);
                }
                Map<String, String> answer;
                try (InputStream in = connection.getInputStream()) {
                    answer = FlatJson.strings(in.readAllBytes());
                }
                String accessKeyId = answer.get("AccessKeyId");
                String secretAccessKey = answer.get("SecretAccessKey");
                if (accessKeyId == null || secretAccessKey == null) {
                    throw new ConfigurationException("The container credentials endpoint gave no access key");
                }
                return new AwsCredentials(accessKeyId, secretAccessKey, answer.get("Token"));
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read container credentials from " + endpoint + ": " + e, e);
        }
    }

    private static String first(UnaryOperator<String> settings, String... names) {
        for (String name : names) {
            String value = settings.apply(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "AwsCredentials[" + accessKeyId + "]";
    }
}
