package com.example.commerce.api.message;

import com.example.commerce.api.activity.UserActivity;
import com.example.commerce.api.auth.User;
import com.example.commerce.api.auth.UserRepository;
import com.example.commerce.api.channel.Channel;
import com.example.commerce.api.channel.ChannelService;
import com.example.commerce.api.error.ApiException;
import com.example.commerce.contract.message.MessageEventType;
import com.example.commerce.contract.message.MessagePayload;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Messages of channels. Only members post and read (403 in a public channel, 404 in a private one, as for an unknown
 * channel); the author edits, the author or the channel's owner deletes. Mentions are parsed from the content and
 * kept for the channel's members only, never the author. Every change locks the channel and appends its event
 * (platform.messages, the channel's next version) in the same transaction ({@link ChannelService#appendEvent}).
 * The content is stored and returned as written: it is text, and nothing here renders it.
 */
@Singleton
public class MessageService {

    public static final int MAX_CONTENT = 4000;
    public static final int MAX_PAGE = 100;
    private static final Pattern UNSTORABLE = Pattern.compile("[\\u0000\\p{Cs}]");
    private static final Argument<List<Mention>> MENTIONS = Argument.listOf(Mention.class);
    private static final Argument<List<AttachmentRequest>> ATTACHMENTS = Argument.listOf(AttachmentRequest.class);

    private final ChannelService channels;
    private final MessageRepository messages;
    private final UserRepository users;
    private final JsonMapper json;
    private final UserActivity activity;
    private final Clock clock = Clock.systemUTC();

    public MessageService(ChannelService channels, MessageRepository messages, UserRepository users,
                          JsonMapper json, UserActivity activity) {
        this.activity = activity;
        this.channels = channels;
        this.messages = messages;
        this.users = users;
        this.json = json;
    }

    @Transactional
    public MessageView post(long authorId, long channelId, MessageRequest request) {
        String content = validContent(request.content());
        Channel channel = channels.lockAsMember(channelId, authorId);
        List<Mention> mentions = mentions(channelId, authorId, content);
        List<AttachmentRequest> attachments = request.attachments() == null ? List.of() : request.attachments();
        Message message = messages.save(new Message(null, channelId, authorId, content, write(mentions),
                write(attachments), null, null));
        channels.appendEvent(channel, MessageEventType.MESSAGE_CREATED, payload(message, mentions, attachments));
        activity.posted(authorId, channelId, message.id(), message.createdAt());
        return new MessageView(message.id(), channelId, authorId, content, mentions, attachments, message.createdAt(),
                null);
    }

    @Transactional
    public MessagePage list(long userId, long channelId, Long before, int size) {
        if (size < 1 || size > MAX_PAGE) {
            throw ApiException.badRequest("invalid-page-size", "size must be between 1 and " + MAX_PAGE,
                    Map.of("field", "size"));
        }
        if (before != null && before < 1) {
            throw ApiException.badRequest("invalid-cursor", "before must be a message id", Map.of("field", "before"));
        }
        channels.readAsMember(channelId, userId);
        List<Message> page = messages.findPage(channelId, before == null ? Long.MAX_VALUE : before, size);
        Long next = page.size() == size ? page.get(page.size() - 1).id() : null;
        return new MessagePage(page.stream().map(this::view).toList(), next);
    }

    /** The author edits the content; mentions are parsed again. */
    @Transactional
    public MessageView edit(long userId, long messageId, MessageEdit edit) {
        String content = validContent(edit.content());
        Message current = lockedMessage(messageId);
        Channel channel = unseenAsUnknown(messageId, () -> channels.lockAsMember(current.channelId(), userId));
        if (current.authorId() != userId) {
            throw ApiException.forbidden("not-message-author", "Only the author edits a message");
        }
        List<Mention> mentions = mentions(channel.id(), userId, content);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Message message = current.edited(content, write(mentions), now);
        messages.updateContent(messageId, content, message.mentions(), now);
        List<AttachmentRequest> attachments = read(message.attachments(), ATTACHMENTS);
        channels.appendEvent(channel, MessageEventType.MESSAGE_UPDATED, payload(message, mentions, attachments));
        return new MessageView(messageId, channel.id(), userId, content, mentions, attachments, message.createdAt(),
                now);
    }

    /** The author (still a member) or the channel's owner deletes. */
    @Transactional
    public void delete(long userId, long messageId) {
        Message message = lockedMessage(messageId);
        Channel channel = unseenAsUnknown(messageId, () -> channels.lockVisible(message.channelId(), userId));
        boolean author = message.authorId() == userId && channels.isMember(channel.id(), userId);
        if (!author && !channel.isOwner(userId)) {
            throw ApiException.forbidden("not-message-author",
                    "Only the author or the channel's owner deletes a message");
        }
        messages.deleteById(messageId);
        channels.appendEvent(channel, MessageEventType.MESSAGE_DELETED, new MessagePayload(messageId,
                channel.id(), message.authorId(), null, List.of(), List.of(), message.createdAt(),
                message.editedAt()));
    }

    /**
     * The message, locked (before its channel, in every change of a message). Whether the user may see it is the
     * channel's rule, checked next: a message of a private channel is 404 to a non-member, as an unknown one.
     */
    private Message lockedMessage(long messageId) {
        return messages.findByIdForUpdate(messageId).orElseThrow(() -> ApiException.notFound("message", messageId));
    }

    /**
     * The message's channel as {@code lock} finds it; a channel the user may not see (private to others) makes the
     * message unknown too, so that its id tells nothing of the channel, not even that it exists.
     */
    private Channel unseenAsUnknown(long messageId, Supplier<Channel> lock) {
        try {
            return lock.get();
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw ApiException.notFound("message", messageId);
            }
            throw e;
        }
    }

    /** Mentioned members of the channel, the author excluded, in the order of the content. */
    private List<Mention> mentions(long channelId, long authorId, String content) {
        var names = List.copyOf(Mentions.usernames(content));
        if (names.isEmpty()) {
            return List.of();
        }
        return users.findMembersByUsernames(channelId, names).stream()
                .filter(user -> user.id() != authorId)
                .sorted(Comparator.comparingInt((User user) -> names.indexOf(user.username().toLowerCase(
                        Locale.ROOT))))
                .map(user -> new Mention(user.id(), user.username()))
                .toList();
    }

    private static String validContent(String content) {
        if (content == null || content.isBlank()) {
            throw ApiException.badRequest("invalid-content", "content must not be empty", Map.of("field", "content"));
        }
        if (UNSTORABLE.matcher(content).find()) {
            throw ApiException.badRequest("invalid-content",
                    "content must not contain NUL characters or unpaired surrogates", Map.of("field", "content"));
        }
        if (content.codePointCount(0, content.length()) > MAX_CONTENT) {
            throw ApiException.badRequest("invalid-content", "content must be at most " + MAX_CONTENT
                    + " characters", Map.of("field", "content", "maxLength", MAX_CONTENT));
        }
        return content;
    }

    private MessageView view(Message m) {
        return new MessageView(m.id(), m.channelId(), m.authorId(), m.content(), read(m.mentions(), MENTIONS),
                read(m.attachments(), ATTACHMENTS), m.createdAt(), m.editedAt());
    }

    private static MessagePayload payload(Message m, List<Mention> mentions, List<AttachmentRequest> attachments) {
        return new MessagePayload(m.id(), m.channelId(), m.authorId(), m.content(),
                mentions.stream().map(Mention::userId).toList(),
                attachments.stream().map(a -> new MessagePayload.Attachment(a.name(), a.size(), a.contentType(),
                        a.url())).toList(), m.createdAt(), m.editedAt());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Argument<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
