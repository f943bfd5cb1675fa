package com.example.commerce.api.catalog;

import com.example.commerce.api.auth.CurrentUser;
import com.example.commerce.api.web.PageView;
import com.example.commerce.api.web.Paging;
import com.example.commerce.inventory.Inventory;
import com.example.commerce.inventory.StockLevel;
import io.micronaut.data.model.Page;
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

import java.util.Map;

@Controller("/api/products")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ProductController {

    private final CatalogService catalog;
    private final Inventory inventory;

    public ProductController(CatalogService catalog, Inventory inventory) {
        this.catalog = catalog;
        this.inventory = inventory;
    }

    /** With what is available: the inventory module's stock of the product. */
    private ProductView view(Product product) {
        return ProductView.of(product, inventory.level(product.id()));
    }

    @Post
    @Secured("ADMIN")
    public HttpResponse<ProductView> create(@Valid @Body ProductRequest request) {
        return HttpResponse.created(view(catalog.create(request)));
    }

    @Put("/{id}")
    @Secured("ADMIN")
    public ProductView update(long id, @Valid @Body ProductRequest request) {
        return view(catalog.update(id, request));
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
        return view(catalog.view(id));
    }

    /** Active products, newest first. */
    @Get
    @Secured(SecurityRule.IS_ANONYMOUS)
    public PageView<ProductView> list(@QueryValue(defaultValue = "1") int page,
                                      @QueryValue(defaultValue = "20") int size) {
        Page<Product> products = catalog.listActive(Paging.of(page, size, Sort.of(Sort.Order.desc("id"))));
        Map<Long, StockLevel> stock = inventory.levels(products.getContent().stream().map(Product::id).toList());
        return PageView.of(products, product -> ProductView.of(product, stock.get(product.id())));
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
