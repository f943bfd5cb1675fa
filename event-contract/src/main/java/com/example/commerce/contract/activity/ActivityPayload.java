package com.example.commerce.contract.activity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * What a user did and when.
 *
 * @param occurredAt when it happened (a read side counts it on that day, in UTC)
 * @param channelId  the channel joined or posted in; null for a log-in
 * @param messageId  the message posted; null for a log-in or a join
 */
@Serdeable
public record ActivityPayload(long userId, Instant occurredAt, @Nullable Long channelId, @Nullable Long messageId) {

    public static ActivityPayload loggedIn(long userId, Instant at) {
        return new ActivityPayload(userId, at, null, null);
    }

    public static ActivityPayload joined(long userId, long channelId, Instant at) {
        return new ActivityPayload(userId, at, channelId, null);
    }

    public static ActivityPayload posted(long userId, long channelId, long messageId, Instant at) {
        return new ActivityPayload(userId, at, channelId, messageId);
    }
}
