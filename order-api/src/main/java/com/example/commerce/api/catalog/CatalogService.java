package com.example.commerce.api.catalog;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.contract.catalog.CatalogEventType;
import com.example.commerce.contract.catalog.CatalogPayload;
import com.example.commerce.contract.catalog.LikePayload;
import com.example.commerce.contract.catalog.ProductPayload;
import com.example.commerce.outbox.Outbox;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

/**
 * The catalog. Every change bumps the product's version and appends its event to the outbox in the same
 * transaction. Updates and deactivations first wait for the orders that are reading the product
 * ({@link ProductRepository#lockForChange}).
 */
@Singleton
public class CatalogService {

    private final ProductRepository products;
    private final ProductViews views;
    private final Outbox outbox;

    public CatalogService(ProductRepository products, ProductViews views, Outbox outbox) {
        this.products = products;
        this.views = views;
        this.outbox = outbox;
    }

    @Transactional
    public Product create(ProductRequest request) {
        var status = request.status() == null ? ProductStatus.ACTIVE : request.status();
        Product product = products.save(new Product(null, request.name(), request.descriptionOrEmpty(),
                request.category(), request.brand(), request.price(), status, 1, null, null));
        publish(product, CatalogEventType.PRODUCT_CREATED, payload(product));
        return product;
    }

    @Transactional
    public Product update(long id, ProductRequest request) {
        products.lockForChange(id);
        Product current = products.findByIdForUpdate(id).orElseThrow(() -> ApiException.notFound("product", id));
        var status = request.status() == null ? current.status() : request.status();
        Product product = products.update(current.with(request, status));
        publish(product, CatalogEventType.PRODUCT_UPDATED, payload(product));
        return product;
    }

    /** Deleting deactivates; deleting an inactive product again changes nothing. */
    @Transactional
    public void delete(long id) {
        products.lockForChange(id);
        Product current = products.findByIdForUpdate(id).orElseThrow(() -> ApiException.notFound("product", id));
        if (current.status() == ProductStatus.INACTIVE) {
            return;
        }
        Product product = products.update(current.withStatus(ProductStatus.INACTIVE));
        publish(product, CatalogEventType.PRODUCT_DELETED, payload(product));
    }

    /**
     * Reading a product's detail is a view: counted apart from the product (no lock, no new version) and published
     * with the other views of the interval ({@link ProductViews}). Inactive products are not shown.
     */
    public Product view(long id) {
        Product product = products.findById(id).filter(p -> p.status() == ProductStatus.ACTIVE)
                .orElseThrow(() -> ApiException.notFound("product", id));
        views.record(id);
        return product;
    }

    @Transactional
    public Page<Product> listActive(Pageable pageable) {
        return products.findByStatus(ProductStatus.ACTIVE, pageable);
    }

    /** Idempotent: liking twice is one like and one event. */
    @Transactional
    public void like(long productId, long userId) {
        Product product = lockActive(productId);
        if (products.insertLike(productId, userId) == 1) {
            publishNextVersion(product, CatalogEventType.PRODUCT_LIKED, new LikePayload(productId, userId));
        }
    }

    @Transactional
    public void unlike(long productId, long userId) {
        Product product = lockActive(productId);
        if (products.deleteLike(productId, userId) == 1) {
            publishNextVersion(product, CatalogEventType.PRODUCT_UNLIKED, new LikePayload(productId, userId));
        }
    }

    private Product lockActive(long productId) {
        return products.findByIdForUpdate(productId)
                .filter(p -> p.status() == ProductStatus.ACTIVE)
                .orElseThrow(() -> ApiException.notFound("product", productId));
    }

    /** For a product locked in this transaction: its next version is known without reading it again. */
    private void publishNextVersion(Product locked, CatalogEventType eventType, CatalogPayload payload) {
        products.nextVersionIfActive(locked.id());
        publish(locked.id(), locked.version() + 1, eventType, payload);
    }

    private void publish(Product product, CatalogEventType eventType, CatalogPayload payload) {
        publish(product.id(), product.version(), eventType, payload);
    }

    private void publish(long productId, long version, CatalogEventType eventType, CatalogPayload payload) {
        outbox.append(eventType, String.valueOf(productId), version, payload);
    }

    /** The whole product after the change, as created, updated and deleted events carry it. */
    private static ProductPayload payload(Product p) {
        return new ProductPayload(p.id(), p.name(), p.description(), p.category(), p.brand(), p.price(),
                p.status().name(), p.createdAt(), p.updatedAt());
    }
}
