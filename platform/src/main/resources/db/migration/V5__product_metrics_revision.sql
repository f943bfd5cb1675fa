-- Counts every change of a product's metrics. With the product's aggregate version it forms the search document's
-- external version (version * 2^32 + revision), which then grows with every committed change of either: a
-- document built from an older read can never overwrite one built from a newer read, even when only the metrics
-- differ (a sale does not change the product's version).
ALTER TABLE product_metrics ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
