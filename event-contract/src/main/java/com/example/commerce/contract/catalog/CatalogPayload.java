package com.example.commerce.contract.catalog;

/** The payload of a catalog event: which record depends on the {@link CatalogEventType}. */
public sealed interface CatalogPayload permits ProductPayload, LikePayload, ViewPayload {

    long productId();
}
