package com.example.commerce.api.notification;

import com.example.commerce.api.auth.CurrentUser;
import com.example.commerce.api.web.PageView;
import com.example.commerce.api.web.Paging;
import io.micronaut.data.model.Sort;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

@Controller("/api/notifications")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class NotificationController {

    private final NotificationService notifications;

    public NotificationController(NotificationService notifications) {
        this.notifications = notifications;
    }

    /** The caller's notifications, newest first. */
    @Get
    public PageView<NotificationView> list(@QueryValue(defaultValue = "1") int page,
                                           @QueryValue(defaultValue = "20") int size,
                                           Authentication authentication) {
        var pageable = Paging.of(page, size, Sort.of(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        return PageView.of(notifications.list(CurrentUser.of(authentication).id(), pageable), NotificationView::of);
    }

    @Patch("/{id}/read")
    @Status(HttpStatus.NO_CONTENT)
    public void markRead(long id, Authentication authentication) {
        notifications.markRead(CurrentUser.of(authentication).id(), id);
    }
}
