package com.example.commerce.contract.message;

/** The payload of a platform.messages event: which record depends on the {@link MessageEventType}. */
public sealed interface ChannelPayload permits MessagePayload, MemberPayload {

    long channelId();
}
