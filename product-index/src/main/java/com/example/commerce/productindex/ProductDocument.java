package com.example.commerce.productindex;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A product as search sees it: the catalog row and its metrics. {@code version} is the product's aggregate
 * version, also the document's external version in Elasticsearch. Times are ISO-8601 strings, the form the
 * index's date fields parse whichever JSON mapper the client uses.
 */
@Serdeable
public record ProductDocument(long id, String name, String description, String category, String brand, long price,
                              String status, String createdAt, String updatedAt, long likeCount, long viewCount,
                              long salesCount, long totalSalesAmount, long version) {

    public static final String ACTIVE = "ACTIVE";

    public boolean searchable() {
        return ACTIVE.equals(status);
    }
}
