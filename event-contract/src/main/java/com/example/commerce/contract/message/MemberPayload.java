package com.example.commerce.contract.message;

import io.micronaut.serde.annotation.Serdeable;

/** Who joined or left which channel. */
@Serdeable
public record MemberPayload(long channelId, long userId) implements ChannelPayload {
}
