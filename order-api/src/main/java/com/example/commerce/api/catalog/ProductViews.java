package com.example.commerce.api.catalog;

import com.example.commerce.contract.catalog.CatalogEventType;
import com.example.commerce.contract.catalog.ViewPayload;
import com.example.commerce.outbox.Outbox;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Product views, counted apart and published together. Reading a product must not be a write on the product: a
 * view adds one to a sharded counter ({@code product_view_counts}), and {@link #publishCounts()} turns what was
 * counted into one {@code PRODUCT_VIEWED} event per product carrying its {@code count}. So however many anonymous
 * views arrive, they take no lock on {@code products} and cost at most {@value #SHARDS} counter rows and one event per
 * product per publishing interval ({@code commerce.catalog.view-publish-interval}).
 */
@Singleton
public class ProductViews {

    /** Enough that concurrent views of one product seldom wait for each other on two cores or twenty. */
    static final int SHARDS = 8;

    private final ViewCountRepository counts;
    private final ProductRepository products;
    private final Outbox outbox;
    private final TransactionOperations<Connection> transactions;
    private final int batchSize;

    public ProductViews(ViewCountRepository counts, ProductRepository products, Outbox outbox,
                        TransactionOperations<Connection> transactions,
                        @Value("${commerce.catalog.view-publish-batch:500}") int batchSize) {
        this.counts = counts;
        this.products = products;
        this.outbox = outbox;
        this.transactions = transactions;
        this.batchSize = batchSize;
    }

    void record(long productId) {
        counts.increment(productId, ThreadLocalRandom.current().nextInt(SHARDS));
    }

    /**
     * Publishes every counted view, in transactions of at most {@code view-publish-batch} products.
     *
     * @return how many products had views to publish
     */
    public int publishCounts() {
        int published = 0;
        int batch;
        do {
            batch = publishBatch();
            published += batch;
        } while (batch == batchSize);
        return published;
    }

    /** Takes and publishes one batch in one transaction: a failure puts the counts back (rollback). */
    private int publishBatch() {
        return transactions.executeWrite(status -> publishTaken(counts.findAndTake(batchSize)));
    }

    private int publishTaken(List<ViewCount> taken) {
        for (ViewCount count : taken) {
            // Locked in id order, once per product per interval; views of a product deactivated since are dropped.
            if (products.nextVersionIfActive(count.productId()) == 1) {
                long version = products.findById(count.productId()).orElseThrow().version();
                outbox.append(CatalogEventType.PRODUCT_VIEWED, String.valueOf(count.productId()), version,
                        new ViewPayload(count.productId(), null, count.views()));
            }
        }
        return taken.size();
    }
}
