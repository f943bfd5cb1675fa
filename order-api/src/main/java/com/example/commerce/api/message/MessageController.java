package com.example.commerce.api.message;

import com.example.commerce.api.auth.CurrentUser;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import jakarta.validation.Valid;

@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class MessageController {

    private final MessageService messages;
    private final MessageSearch search;

    public MessageController(MessageService messages, MessageSearch search) {
        this.messages = messages;
        this.search = search;
    }

    @Post("/channels/{id}/messages")
    public HttpResponse<MessageView> post(long id, @Valid @Body MessageRequest request,
                                          Authentication authentication) {
        return HttpResponse.created(messages.post(CurrentUser.of(authentication).id(), id, request));
    }

    /** Newest first; {@code before} is the previous page's {@code nextBefore}. */
    @Get("/channels/{id}/messages")
    public MessagePage list(long id, @Nullable @QueryValue Long before,
                            @QueryValue(defaultValue = "50") int size, Authentication authentication) {
        return messages.list(CurrentUser.of(authentication).id(), id, before, size);
    }

    /**
     * Messages of the caller's channels (or of one of them); {@code sort} newest or relevance (the default with a
     * query); {@code from} and {@code to} ISO-8601 instants.
     */
    @Get("/messages/search")
    public MessageSearchResult search(@Nullable @QueryValue String q, @Nullable @QueryValue Long channelId,
                                      @Nullable @QueryValue Long authorId, @Nullable @QueryValue String from,
                                      @Nullable @QueryValue String to, @Nullable @QueryValue String sort,
                                      @QueryValue(defaultValue = "1") int page,
                                      @QueryValue(defaultValue = "20") int size,
                                      Authentication authentication) {
        return search.search(CurrentUser.of(authentication).id(),
                MessageSearch.Query.of(q, channelId, authorId, from, to, sort, page, size));
    }

    @Patch("/messages/{id}")
    public MessageView edit(long id, @Body MessageEdit edit, Authentication authentication) {
        return messages.edit(CurrentUser.of(authentication).id(), id, edit);
    }

    @Delete("/messages/{id}")
    @Status(HttpStatus.NO_CONTENT)
    public void delete(long id, Authentication authentication) {
        messages.delete(CurrentUser.of(authentication).id(), id);
    }
}
