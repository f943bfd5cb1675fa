package com.example.commerce.platform.secrets;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The signer against known signatures: AWS's documented example, and the Secrets Manager call as botocore signs it. */
class SigV4Test {

    static final AwsCredentials EXAMPLE = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            null);

    @Test
    void awsDocumentationExample() {
        var headers = SigV4.sign("GET", URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
                Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), new byte[0], EXAMPLE,
                "us-east-1", "iam", Instant.parse("2015-08-30T12:36:00Z"));

        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", headers.get("Authorization"));
        assertEquals("20150830T123600Z", headers.get("X-Amz-Date"));
    }

    @Test
    void getSecretValueWithASessionTokenAndAPort() {
        var credentials = new AwsCredentials(EXAMPLE.accessKeyId(), EXAMPLE.secretAccessKey(), "session-token-example");
        byte[] body = "{\"SecretId\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:commerce-db-AbCdEf\"}"
                .getBytes(StandardCharsets.UTF_8);

        var headers = SigV4.sign("POST", URI.create("http://127.0.0.1:8080/"), Map.of(
                "Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "secretsmanager.GetSecretValue"), body,
                credentials, "eu-west-1", "secretsmanager", Instant.parse("2026-11-27T15:00:00Z"));

        // botocore 1.43 (SigV4Auth) signs the same request so.
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/eu-west-1/secretsmanager/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
                + "Signature=0bae41332ace254e434a440607bb5f8672a6a1441d61214c886146650a67f4e6", headers.get("Authorization"));
        assertEquals("session-token-example", headers.get("X-Amz-Security-Token"));
    }
}
