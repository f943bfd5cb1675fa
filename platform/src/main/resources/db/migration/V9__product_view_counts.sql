-- order-api: product views counted apart from the product row. A view adds one to one of a few shards of its
-- product (no lock on products, little contention on a popular product, at most a few rows per product); every
-- flush interval the counts are taken and published as one PRODUCT_VIEWED event per product with its count.
CREATE TABLE product_view_counts (
    product_id BIGINT   NOT NULL,
    shard      SMALLINT NOT NULL,
    views      BIGINT   NOT NULL,
    PRIMARY KEY (product_id, shard)
);
