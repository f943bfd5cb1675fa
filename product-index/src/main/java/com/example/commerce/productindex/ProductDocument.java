package com.example.commerce.productindex;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A product as search sees it: the catalog row and its metrics. {@code version} is the product's aggregate
 * version and {@code metricsRevision} counts the changes of its metrics; together they make the document's
 * external version in Elasticsearch ({@link #indexVersion()}). Times are ISO-8601 strings, the form the index's
 * date fields parse whichever JSON mapper the client uses.
 */
@Serdeable
public record ProductDocument(long id, String name, String description, String category, String brand, long price,
                              String status, String createdAt, String updatedAt, long likeCount, long viewCount,
                              long salesCount, long totalSalesAmount, long version, long metricsRevision) {

    public static final String ACTIVE = "ACTIVE";

    public ProductDocument {
        // The client's JSON mapping leaves an empty string out of the stored document; it reads back as null.
        description = description == null ? "" : description;
    }

    /**
     * Grows with every committed change of the product or of its metrics (each raises one of the two counters and
     * neither ever falls), so a document built from an older read never overwrites one built from a newer read,
     * also when only the metrics changed (a sale changes the metrics, not the product's version).
     */
    public long indexVersion() {
        return version + metricsRevision;
    }

}
