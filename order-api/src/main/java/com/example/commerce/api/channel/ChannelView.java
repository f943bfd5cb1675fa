package com.example.commerce.api.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** A channel as its reader sees it: {@code member} says whether the caller belongs to it. */
@Serdeable
public record ChannelView(long id, String name, @JsonProperty("private") boolean isPrivate, long ownerId,
                          boolean member, Instant createdAt) {

    static ChannelView of(Channel channel, boolean member) {
        return new ChannelView(channel.id(), channel.name(), channel.isPrivate(), channel.ownerId(), member,
                channel.createdAt());
    }
}
