package com.example.commerce.api.channel;

import com.example.commerce.api.auth.CurrentUser;
import com.example.commerce.api.web.PageView;
import com.example.commerce.api.web.Paging;
import io.micronaut.data.model.Sort;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import jakarta.validation.Valid;


@Controller("/api/channels")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ChannelController {

    private final ChannelService channels;

    public ChannelController(ChannelService channels) {
        this.channels = channels;
    }

    @Post
    public HttpResponse<ChannelView> create(@Valid @Body ChannelRequest request, Authentication authentication) {
        return HttpResponse.created(ChannelView.of(channels.create(CurrentUser.of(authentication).id(), request),
                true));
    }

    /** The caller's channels and the public ones they may join, oldest first. */
    @Get
    public PageView<ChannelView> list(@QueryValue(defaultValue = "1") int page,
                                      @QueryValue(defaultValue = "20") int size,
                                      Authentication authentication) {
        var pageable = Paging.of(page, size, Sort.UNSORTED);
        var channelPage = channels.list(CurrentUser.of(authentication).id(), pageable);
        return PageView.of(channelPage, view -> view);
    }

    @Post("/{id}/join")
    public ChannelView join(long id, Authentication authentication) {
        return channels.join(CurrentUser.of(authentication).id(), id);
    }

    @Post("/{id}/members")
    @Status(HttpStatus.NO_CONTENT)
    public void addMember(long id, @Valid @Body MemberRequest request, Authentication authentication) {
        channels.addMember(CurrentUser.of(authentication).id(), id, request.username());
    }

    @Delete("/{id}/members/{userId}")
    @Status(HttpStatus.NO_CONTENT)
    public void removeMember(long id, long userId, Authentication authentication) {
        channels.removeMember(CurrentUser.of(authentication).id(), id, userId);
    }
}
