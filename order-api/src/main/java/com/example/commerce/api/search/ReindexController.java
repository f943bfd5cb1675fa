package com.example.commerce.api.search;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.web.PageView;
import com.example.commerce.api.web.Paging;
import io.micronaut.data.model.Sort;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.net.URI;
import java.util.UUID;

/** Full rebuild of the search index from the database, for administrators. */
@Controller("/api/admin/reindex/products")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReindexController {

    private final ReindexJobs reindex;

    public ReindexController(ReindexJobs reindex) {
        this.reindex = reindex;
    }

    /** 202 with the job; follow it at the Location. */
    @Post
    public HttpResponse<ReindexJob> start() {
        ReindexJob job = reindex.start();
        return HttpResponse.accepted(URI.create("/api/admin/reindex/products/" + job.id())).body(job);
    }

    /** Newest first, for the operations console's jobs page. */
    @Get
    public PageView<ReindexJob> list(@QueryValue(defaultValue = "1") int page,
                                     @QueryValue(defaultValue = "20") int size) {
        return PageView.of(reindex.list(Paging.of(page, size, Sort.of(Sort.Order.desc("startedAt")))), job -> job);
    }

    @Get("/{id}")
    public ReindexJob status(UUID id) {
        return reindex.find(id).orElseThrow(() -> ApiException.notFound("reindex job", id));
    }
}
