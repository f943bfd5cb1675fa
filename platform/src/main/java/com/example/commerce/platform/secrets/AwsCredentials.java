package com.example.commerce.platform.secrets;

import io.micronaut.context.exceptions.ConfigurationException;

/**
 * The credentials a Lambda function runs with: the runtime puts its role's temporary credentials into
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}. The AWS SDK's system
 * properties ({@code aws.accessKeyId}...) come first, as in the SDK, which lets a test run in-process.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public static AwsCredentials fromEnvironment() {
        String accessKeyId = read("aws.accessKeyId", "AWS_ACCESS_KEY_ID");
        String secretAccessKey = read("aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY");
        if (accessKeyId == null || secretAccessKey == null) {
            throw new ConfigurationException("A Secrets Manager secret is configured (commerce.secrets.*) but there "
                    + "are no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are unset");
        }
        return new AwsCredentials(accessKeyId, secretAccessKey, read("aws.sessionToken", "AWS_SESSION_TOKEN"));
    }

    private static String read(String systemProperty, String environmentVariable) {
        String value = System.getProperty(systemProperty);
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentVariable);
        }
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "AwsCredentials[" + accessKeyId + "]";
    }
}
