package com.example.commerce.api.catalog;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.contract.Topics;
import com.example.commerce.outbox.Outbox;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import static com.example.commerce.api.catalog.CatalogEvents.AGGREGATE_TYPE;

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
        publish(product, CatalogEvents.PRODUCT_CREATED, CatalogEvents.ProductPayload.of(product));
        return product;
    }

    @Transactional
    public Product update(long id, ProductRequest request) {
        products.lockForChange(id);
        Product current = products.findByIdForUpdate(id).orElseThrow(() -> ApiException.notFound("product", id));
        var status = request.status() == null ? current.status() : request.status();
        Product product = products.update(current.with(request, status));
        publish(product, CatalogEvents.PRODUCT_UPDATED, CatalogEvents.ProductPayload.of(product));
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
        publish(product, CatalogEvents.PRODUCT_DELETED, CatalogEvents.ProductPayload.of(product));
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
            publishNextVersion(product, CatalogEvents.PRODUCT_LIKED, new CatalogEvents.LikePayload(productId, userId));
        }
    }

    @Transactional
    public void unlike(long productId, long userId) {
        Product product = lockActive(productId);
        if (products.deleteLike(productId, userId) == 1) {
            publishNextVersion(product, CatalogEvents.PRODUCT_UNLIKED,
                    new CatalogEvents.LikePayload(productId, userId));
        }
    }

    private Product lockActive(long productId) {
        return products.findByIdForUpdate(productId)
                .filter(p -> p.status() == ProductStatus.ACTIVE)
                .orElseThrow(() -> ApiException.notFound("product", productId));
    }

    /** For a product locked in this transaction: its next version is known without reading it again. */
    private void publishNextVersion(Product locked, String eventType, Object payload) {
        products.nextVersionIfActive(locked.id());
        publish(locked.id(), locked.version() + 1, eventType, payload);
    }

    private void publish(Product product, String eventType, Object payload) {
        publish(product.id(), product.version(), eventType, payload);
    }

    private void publish(long productId, long version, String eventType, Object payload) {
        outbox.append(Topics.CATALOG_EVENTS, AGGREGATE_TYPE, String.valueOf(productId), version, eventType, payload);
    }
}
