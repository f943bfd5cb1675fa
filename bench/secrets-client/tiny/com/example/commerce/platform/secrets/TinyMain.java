package com.example.commerce.platform.secrets;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** Reads one secret with the project's own client (platform) and exits: args endpoint, secret ARN. */
public class TinyMain {

    public static void main(String[] args) {
        var client = new SecretsManagerClient(AwsCredentials.fromEnvironment(), Duration.ofSeconds(5),
                URI.create(args[0]), Clock.systemUTC());
        System.out.println(client.secretString(SecretArn.parse("secret", args[1])).length());
    }
}
