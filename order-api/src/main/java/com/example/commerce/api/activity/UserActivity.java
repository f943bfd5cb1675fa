package com.example.commerce.api.activity;

import com.example.commerce.contract.activity.ActivityPayload;
import com.example.commerce.contract.activity.UserActivityEventType;
import com.example.commerce.outbox.Outbox;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes what users do to platform.users.activity through the outbox: a join and a post in the transaction of the
 * change, so the event exists if and only if the change was committed; a log-in, which changes nothing, in a short
 * transaction of its own after the password was checked. indexer-fn counts them per user and day.
 */
@Singleton
public class UserActivity {

    private final Outbox outbox;
    private final ActivityRepository versions;
    private final Clock clock = Clock.systemUTC();

    public UserActivity(Outbox outbox, ActivityRepository versions) {
        this.outbox = outbox;
        this.versions = versions;
    }

    /** A successful log-in. */
    @Transactional
    public void loggedIn(long userId) {
        append(UserActivityEventType.USER_LOGGED_IN, ActivityPayload.loggedIn(userId, now()));
    }

    /** The user became a member of the channel (joined it, or its owner added them). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void joined(long userId, long channelId) {
        append(UserActivityEventType.CHANNEL_JOINED, ActivityPayload.joined(userId, channelId, now()));
    }

    /** The user posted the message. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void posted(long userId, long channelId, long messageId, Instant at) {
        append(UserActivityEventType.MESSAGE_POSTED, ActivityPayload.posted(userId, channelId, messageId, at));
    }

    private void append(UserActivityEventType type, ActivityPayload payload) {
        outbox.append(type, String.valueOf(payload.userId()), versions.nextVersion(), payload);
    }

    private Instant now() {
        // Microseconds: what PostgreSQL stores, as the outbox does.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
