package com.example.commerce.api.channel;

import com.example.commerce.api.activity.UserActivity;
import com.example.commerce.api.auth.User;
import com.example.commerce.api.auth.UserRepository;
import com.example.commerce.api.error.ApiException;
import com.example.commerce.contract.message.ChannelPayload;
import com.example.commerce.contract.message.MemberPayload;
import com.example.commerce.contract.message.MessageEventType;
import com.example.commerce.outbox.Outbox;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Channels and their members. Every change locks the channel, moves it to its next version and appends its event
 * to the outbox (topic platform.messages, keyed by channel id) in the same transaction; {@link #appendEvent} does
 * the same for the message service. A private channel does not exist for a non-member: 404, as an unknown one.
 */
@Singleton
public class ChannelService {

    private final ChannelRepository channels;
    private final UserRepository users;
    private final Outbox outbox;
    private final UserActivity activity;

    public ChannelService(ChannelRepository channels, UserRepository users, Outbox outbox, UserActivity activity) {
        this.channels = channels;
        this.users = users;
        this.outbox = outbox;
        this.activity = activity;
    }

    /** The creator is the owner and the first member. */
    @Transactional
    public Channel create(long userId, ChannelRequest request) {
        boolean isPrivate = Boolean.TRUE.equals(request.isPrivate());
        Channel channel = channels.save(new Channel(null, request.name().strip(), isPrivate, userId, 1, null));
        channels.insertMember(channel.id(), userId);
        outbox.append(MessageEventType.CHANNEL_MEMBER_ADDED, String.valueOf(channel.id()), 1,
                new MemberPayload(channel.id(), userId));
        return channel;
    }

    @Transactional
    public Page<ChannelView> list(long userId, Pageable pageable) {
        Page<Channel> page = channels.findVisibleTo(userId, pageable);
        var ids = page.getContent().stream().map(Channel::id).toList();
        var member = new HashSet<>(ids.isEmpty() ? List.of() : channels.memberOf(userId, ids));
        return page.map(channel -> ChannelView.of(channel, member.contains(channel.id())));
    }

    /** Public channels only; joining again changes nothing. */
    @Transactional
    public ChannelView join(long userId, long channelId) {
        Channel channel = lockVisible(channelId, userId);
        if (channels.insertMember(channelId, userId) == 1) {
            appendEvent(channel, MessageEventType.CHANNEL_MEMBER_ADDED, new MemberPayload(channelId, userId));
            activity.joined(userId, channelId);
        }
        return ChannelView.of(channel, true);
    }

    /** The owner adds anyone, to a private channel too; adding a member again changes nothing. */
    @Transactional
    public void addMember(long callerId, long channelId, String username) {
        Channel channel = lockVisible(channelId, callerId);
        if (!channel.isOwner(callerId)) {
            throw ApiException.forbidden("not-channel-owner", "Only the channel's owner adds members");
        }
        User user = users.findByUsername(username.strip()).orElseThrow(() -> ApiException.notFound("user", username));
        if (channels.insertMember(channelId, user.id()) == 1) {
            appendEvent(channel, MessageEventType.CHANNEL_MEMBER_ADDED, new MemberPayload(channelId, user.id()));
            // Being added counts as a join of the added user.
            activity.joined(user.id(), channelId);
        }
    }

    /** The owner removes a member, or a member leaves; the owner cannot leave their own channel. */
    @Transactional
    public void removeMember(long callerId, long channelId, long userId) {
        Channel channel = lockVisible(channelId, callerId);
        if (!channel.isOwner(callerId) && callerId != userId) {
            throw ApiException.forbidden("not-channel-owner", "Only the channel's owner removes other members");
        }
        if (channel.isOwner(userId)) {
            throw ApiException.conflict("owner-cannot-leave", "The owner cannot leave their own channel",
                    Map.of("channelId", channelId));
        }
        if (channels.deleteMember(channelId, userId) == 0) {
            throw ApiException.notFound("member", userId);
        }
        appendEvent(channel, MessageEventType.CHANNEL_MEMBER_REMOVED, new MemberPayload(channelId, userId));
    }

    /**
     * The channel, locked for a change, if the user may see it: a public channel, or a private one they belong to.
     *
     * @throws ApiException 404 if the channel does not exist or is private to others
     */
    public Channel lockVisible(long channelId, long userId) {
        Channel channel = channels.findByIdForUpdate(channelId)
                .orElseThrow(() -> ApiException.notFound("channel", channelId));
        if (channel.isPrivate() && !channels.isMember(channelId, userId)) {
            throw ApiException.notFound("channel", channelId);
        }
        return channel;
    }

    /**
     * Like {@link #lockVisible}, and the user must be a member.
     *
     * @throws ApiException 404 as there, 403 if the channel is public and the user not a member
     */
    public Channel lockAsMember(long channelId, long userId) {
        Channel channel = lockVisible(channelId, userId);
        requireMember(channel, userId);
        return channel;
    }

    /** Reads without a lock, with the same rules as {@link #lockAsMember}. */
    public Channel readAsMember(long channelId, long userId) {
        Channel channel = channels.findById(channelId).orElseThrow(() -> ApiException.notFound("channel", channelId));
        boolean member = channels.isMember(channelId, userId);
        if (channel.isPrivate() && !member) {
            throw ApiException.notFound("channel", channelId);
        }
        if (!member) {
            throw notAMember();
        }
        return channel;
    }

    private void requireMember(Channel channel, long userId) {
        if (!channels.isMember(channel.id(), userId)) {
            throw notAMember();
        }
    }

    private static ApiException notAMember() {
        return ApiException.forbidden("not-channel-member", "Only the channel's members read and post its messages");
    }

    public boolean isMember(long channelId, long userId) {
        return channels.isMember(channelId, userId);
    }

    /** Every channel the user belongs to now. */
    public List<Long> channelIdsOf(long userId) {
        return channels.channelIdsOf(userId);
    }

    /** For a channel locked in this transaction: its next version, and the event that has it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendEvent(Channel locked, MessageEventType type, ChannelPayload payload) {
        long version = locked.version() + 1;
        channels.updateVersion(locked.id(), version);
        outbox.append(type, String.valueOf(locked.id()), version, payload);
    }
}
