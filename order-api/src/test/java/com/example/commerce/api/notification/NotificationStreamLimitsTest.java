package com.example.commerce.api.notification;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.testsupport.Eventually;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.TokenGenerator;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every open notification stream looks at the database, so a user holds a few at a time, and none outlives the token
 * it was opened with: a stream does not keep telling an account whose token has expired.
 */
@MicronautTest(environments = "order-api", transactional = false)
@Property(name = "commerce.notification.stream-max-per-user", value = "2")
class NotificationStreamLimitsTest extends ApiTestBase {

    private static final long PATIENCE_SECONDS = 30;

    @Inject
    EmbeddedServer server;

    @Inject
    NotificationStream streams;

    @Inject
    TokenGenerator tokens;

    private record User(long id, String username, String token) {
    }

    private User user() {
        String name = "sl" + UUID.randomUUID().toString().substring(0, 12);
        api.signUp(name, "password1");
        return new User(sql.count("SELECT id FROM users WHERE username = ?", name), name, api.login(name, "password1"));
    }

    private CompletableFuture<HttpResponse<InputStream>> open(String token) {
        var request = HttpRequest.newBuilder(server.getURI().resolve("/api/notifications/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void aUserHoldsAtMostTheLimitOfStreamsAndAClosedOneFreesItsPlace() throws Exception {
        User user = user();
        User other = user();
        var held = new ArrayList<HttpResponse<InputStream>>();
        for (int i = 0; i < 2; i++) {
            var response = open(user.token()).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            held.add(response);
        }

        var refused = open(user.token()).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertEquals(429, refused.statusCode());
        String problem = new String(refused.body().readAllBytes());
        assertTrue(problem.contains("too-many-streams") && problem.contains("\"scope\":\"user\""), problem);
        var others = open(other.token()).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertEquals(200, others.statusCode(), "another user has places of their own");
        others.body().close();

        held.remove(0).body().close();
        Eventually.await("the closed stream's place is free", () -> streams.openStreams(user.id()) < 2);
        var reopened = open(user.token()).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertEquals(200, reopened.statusCode());
        reopened.body().close();
        for (var response : held) {
            response.body().close();
        }
    }

    @Test
    void aStreamEndsWhenItsTokenExpires() throws Exception {
        User user = user();
        String shortLived = tokens.generateToken(Authentication.build(user.username(), List.of("USER"),
                Map.of("uid", user.id())), 3).orElseThrow();

        var response = open(shortLived).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        // The whole body can only be read once the server ends the stream; a stream that outlived its token would
        // keep this waiting past the patience, and fail the test.
        String body = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(response.body().readAllBytes());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(PATIENCE_SECONDS, TimeUnit.SECONDS);

        assertTrue(body.contains("event:ready") || body.contains("event: ready"), body);
        Eventually.await("the ended stream's place is free", () -> streams.openStreams(user.id()) == 0);
        assertEquals(401, open(shortLived).get(PATIENCE_SECONDS, TimeUnit.SECONDS).statusCode(), "an expired token");
    }
}
