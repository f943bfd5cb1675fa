package com.example.commerce.api.replay;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.web.PageView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.net.URI;
import java.util.UUID;

/** Rebuilds of a read model by replaying its source topics, for administrators. */
@Controller("/api/admin/replay")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReplayController {

    private final ReplayJobs replays;

    public ReplayController(ReplayJobs replays) {
        this.replays = replays;
    }

    /** 202 with the job; follow it at the Location. */
    @Post
    public HttpResponse<ReplayJob> start(@Body @Nullable ReplayRequest request) {
        ReplayJob job = replays.start(request == null ? null : request.readModel());
        return HttpResponse.accepted(URI.create("/api/admin/replay/" + job.id())).body(job);
    }

    /** Newest first, with state and progress, for the operations console's jobs page. */
    @Get
    public PageView<ReplayJob> list(@QueryValue(defaultValue = "1") int page,
                                    @QueryValue(defaultValue = "20") int size) {
        return replays.list(page, size);
    }

    @Get("/{id}")
    public ReplayJob status(UUID id) {
        return replays.find(id).orElseThrow(() -> ApiException.notFound("replay job", id));
    }
}
