package com.example.commerce.api.notification;

import com.example.commerce.api.auth.CurrentUser;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.env.Environment;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.reactivestreams.Publisher;

import java.time.Instant;
import java.util.Date;

/**
 * Live notifications (Server-Sent Events) in the long-running server. Not on Lambda: API Gateway buffers a
 * response until it ends, so there a client polls {@code GET /api/notifications} instead (and the route is 404).
 */
@Controller("/api/notifications")
@Secured(SecurityRule.IS_AUTHENTICATED)
@Requires(notEnv = Environment.FUNCTION)
public class NotificationStreamController {

    private final NotificationStream stream;

    public NotificationStreamController(NotificationStream stream) {
        this.stream = stream;
    }

    /**
     * Each notification created from now on, as an event named by its type with the notification as data, until the
     * caller's token expires (the client reconnects with a new one).
     */
    @Get(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM, headRoute = false)
    public Publisher<Event<Object>> stream(Authentication authentication) {
        return stream.of(CurrentUser.of(authentication).id(), expiry(authentication));
    }

    /** The token's expiry ({@code exp}: a date as the JWT library gives it, or epoch seconds); null without one. */
    @Nullable
    private static Instant expiry(Authentication authentication) {
        Object exp = authentication.getAttributes().get("exp");
        if (exp instanceof Date date) {
            return date.toInstant();
        }
        if (exp instanceof Instant instant) {
            return instant;
        }
        return exp instanceof Number seconds ? Instant.ofEpochSecond(seconds.longValue()) : null;
    }
}
