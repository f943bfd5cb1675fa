package com.example.commerce.indexer;

import com.example.commerce.contract.UnprocessableEventException;
import com.example.commerce.indexer.IndexerEvent.MetricChange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * Merges metric changes into one change per product, in ascending product id order: the order in which every
 * transaction locks product_metrics rows, so that two batches touching the same products never wait on each other
 * in a cycle (a deadlock). Products whose changes cancel out are left out.
 */
public final class MetricChanges {

    private MetricChanges() {
    }

    /** @throws UnprocessableEventException if a sum leaves the 64-bit range (Java would wrap around silently) */
    public static List<MetricChange> merge(Collection<MetricChange> changes) {
        var byProduct = new TreeMap<Long, MetricChange>();
        for (MetricChange change : changes) {
            byProduct.merge(change.productId(), change, MetricChanges::add);
        }
        var merged = new ArrayList<MetricChange>(byProduct.size());
        for (MetricChange change : byProduct.values()) {
            if (change.likes() != 0 || change.views() != 0 || change.salesCount() != 0 || change.salesAmount() != 0) {
                merged.add(change);
            }
        }
        return merged;
    }

    private static MetricChange add(MetricChange a, MetricChange b) {
        long product = a.productId();
        return new MetricChange(product, sum(a.likes(), b.likes(), "like_count", product),
                sum(a.views(), b.views(), "view_count", product),
                sum(a.salesCount(), b.salesCount(), "sales_count", product),
                sum(a.salesAmount(), b.salesAmount(), "total_sales_amount", product));
    }

    private static long sum(long a, long b, String metric, long product) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new UnprocessableEventException(metric + " change of product " + product + " is out of range");
        }
    }
}
