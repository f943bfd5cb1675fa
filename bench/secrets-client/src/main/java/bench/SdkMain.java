package bench;

import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;

/** Reads one secret with the AWS SDK v2 (url-connection-client) and exits: args endpoint, secret ARN. */
public class SdkMain {

    public static void main(String[] args) {
        try (var client = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .region(Region.EU_WEST_1)
                .endpointOverride(URI.create(args[0]))
                .build()) {
            System.out.println(client.getSecretValue(request -> request.secretId(args[1])).secretString().length());
        }
    }
}
