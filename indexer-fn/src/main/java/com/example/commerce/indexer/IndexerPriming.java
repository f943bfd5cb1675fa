package com.example.commerce.indexer;

import com.example.commerce.consumer.PrimingRecords;
import com.example.commerce.contract.Topics;
import com.example.commerce.platform.lambda.SnapStartPriming;

import java.util.function.Supplier;

/**
 * indexer-fn's hot path, run once before a SnapStart snapshot with nothing kept ({@link IndexerService#rehearse}):
 * an MSK event of a synthetic PRODUCT_VIEWED (catalog-events) and a synthetic ORDER_PAID (order-events) of a
 * product no real row has is decoded and parsed; the marks and the metrics upsert are written in a transaction that
 * is rolled back; the products' documents are read and the bulk request that would index them is built and
 * serialized, not sent; one read goes to Elasticsearch (a count of the alias), on a connection closed after it. No
 * Kafka client is involved: the rehearsal has no dead-letter path, so the idempotent dead-letter producer is not
 * created before the snapshot.
 *
 * <p>Registered by {@link IndexerHandler}, not a bean: the replay and reindex functions run in the same environment
 * (indexer-fn) and have an {@link IndexerService} bean too, but never this path.
 */
final class IndexerPriming implements SnapStartPriming.Primer {

    static final String NAME = "indexer batch (2 synthetic events) rolled back, bulk request built not sent, "
            + "alias counted";
    private static final int WITH_CHANGES = 2;

    /** Looked up when priming: the handler's context creates the service at its first batch, not at start-up. */
    private final Supplier<IndexerService> indexer;

    IndexerPriming(Supplier<IndexerService> indexer) {
        this.indexer = indexer;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prime() {
        long product = PrimingRecords.id();
        long order = PrimingRecords.id();
        int applied = indexer.get().rehearse(PrimingRecords.fromMsk(
                PrimingRecords.event(Topics.CATALOG_EVENTS, "PRODUCT_VIEWED", "Product", product, 1, 2, """
                        {"productId":%d,"userId":null,"count":3}""".formatted(product)),
                PrimingRecords.event(Topics.ORDER_EVENTS, "ORDER_PAID", "Order", order, 2, 1, """
                        {"orderId":%d,"userId":%d,"status":"PAID","previousStatus":"PENDING","totalAmount":3000,
                         "items":[{"productId":%d,"productName":"priming","unitPrice":1000,"quantity":3,
                                   "lineTotal":3000}],"cancellationReason":null}"""
                        .formatted(order, PrimingRecords.id(), product))));
        if (applied != WITH_CHANGES) {
            throw new IllegalStateException("the rehearsal would have applied " + applied + " events' metrics, not "
                    + WITH_CHANGES);
        }
    }
}
