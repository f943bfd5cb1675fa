package com.example.commerce.productindex;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A product as search sees it: the catalog row, its metrics and its stock. {@code version} is the product's
 * aggregate version, {@code metricsRevision} counts the changes of its metrics and {@code stockVersion} is the Stock
 * aggregate's version (0 when the product never had stock set); together they make the document's external
 * version in Elasticsearch ({@link #indexVersion()}). Times are ISO-8601 strings, the form the index's date fields
 * parse whichever JSON mapper the client uses.
 *
 * @param available how many can be ordered now (on hand less reserved), or null when the stock is not tracked (the
 *                  product is always available)
 */
@Serdeable
public record ProductDocument(long id, String name, String description, String category, String brand, long price,
                              String status, String createdAt, String updatedAt, long likeCount, long viewCount,
                              long salesCount, long totalSalesAmount, long version, long metricsRevision,
                              @Nullable Long available, long stockVersion) {

    public static final String ACTIVE = "ACTIVE";

    public ProductDocument {
        // The client's JSON mapping leaves an empty string out of the stored document; it reads back as null.
        description = description == null ? "" : description;
    }

    /**
     * Grows with every committed change of the product, of its metrics or of its stock (each raises one of the
     * three counters and none ever falls: the stock row stays when tracking stops), so a document built from an
     * older read never overwrites one built from a newer read, also when only the metrics changed (a sale changes
     * the metrics, not the product's version) or only the stock (an older stock level never replaces a newer one).
     */
    public long indexVersion() {
        return version + metricsRevision + stockVersion;
    }

}
