package com.example.commerce.platform.secrets;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A SnapStart function has no key variables, only the container credentials endpoint: the credentials come from
 * there, asked with the authorization token, and the key variables still win where they are set.
 */
class AwsCredentialsTest {

    private HttpServer endpoint;
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/2018-06-01/credentials", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = """
                    {"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"container-secret","Token":"container-token",
                     "Expiration":"2030-01-01T00:00:00Z"}""".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        endpoint.start();
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.stop(0);
    }

    private String uri() {
        return "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/2018-06-01/credentials";
    }

    @Test
    void withoutKeyVariablesTheContainerEndpointIsAskedWithTheToken() {
        var settings = Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri(),
                "AWS_CONTAINER_AUTHORIZATION_TOKEN", "token-123");

        AwsCredentials credentials = AwsCredentials.resolve(settings::get);

        assertEquals(new AwsCredentials("ASIACONTAINER", "container-secret", "container-token"), credentials);
        assertEquals("token-123", authorization.get());
    }

    @Test
    void keyVariablesComeFirst() {
        var settings = Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "env-secret",
                "AWS_SESSION_TOKEN", "env-token", "AWS_CONTAINER_CREDENTIALS_FULL_URI", uri());

        assertEquals(new AwsCredentials("AKIAENV", "env-secret", "env-token"), AwsCredentials.resolve(settings::get));
        assertEquals(null, authorization.get(), "the endpoint was not asked");
    }

    @Test
    void noCredentialsAtAllIsAClearError() {
        Map<String, String> none = Map.of();
        var error = assertThrows(ConfigurationException.class, () -> AwsCredentials.resolve(none::get));
        assertEquals(true, error.getMessage().contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"), error.getMessage());
    }
}
