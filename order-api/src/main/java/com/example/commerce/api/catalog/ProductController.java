package com.example.commerce.api.catalog;

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
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import jakarta.validation.Valid;

@Controller("/api/products")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ProductController {

    private final CatalogService catalog;

    public ProductController(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Post
    @Secured("ADMIN")
    public HttpResponse<ProductView> create(@Valid @Body ProductRequest request) {
        return HttpResponse.created(ProductView.of(catalog.create(request)));
    }

    @Put("/{id}")
    @Secured("ADMIN")
    public ProductView update(long id, @Valid @Body ProductRequest request) {
        return ProductView.of(catalog.update(id, request));
    }

    @Delete("/{id}")
    @Secured("ADMIN")
    @Status(HttpStatus.NO_CONTENT)
    public void delete(long id) {
        catalog.delete(id);
    }

    @Get("/{id}")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public ProductView get(long id) {
        return ProductView.of(catalog.view(id));
    }

    /** Active products, newest first. */
    @Get
    @Secured(SecurityRule.IS_ANONYMOUS)
    public PageView<ProductView> list(@QueryValue(defaultValue = "1") int page,
                                      @QueryValue(defaultValue = "20") int size) {
        return PageView.of(catalog.listActive(Paging.of(page, size, Sort.of(Sort.Order.desc("id")))),
                ProductView::of);
    }

    @Post("/{id}/like")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Status(HttpStatus.NO_CONTENT)
    public void like(long id, Authentication authentication) {
        catalog.like(id, CurrentUser.of(authentication).id());
    }

    @Delete("/{id}/like")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Status(HttpStatus.NO_CONTENT)
    public void unlike(long id, Authentication authentication) {
        catalog.unlike(id, CurrentUser.of(authentication).id());
    }
}
