package com.example.commerce.indexer.replay;

import com.example.commerce.contract.Topics;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The read models a replay rebuilds, by the name the API uses, and the topics each is computed from. */
public enum ReadModel {
    MESSAGES("messages", List.of(Topics.MESSAGES)),
    PRODUCT_METRICS("product-metrics", List.of(Topics.CATALOG_EVENTS, Topics.ORDER_EVENTS));

    private final String id;
    private final List<String> topics;

    ReadModel(String id, List<String> topics) {
        this.id = id;
        this.topics = topics;
    }

    public String id() {
        return id;
    }

    public List<String> topics() {
        return topics;
    }

    public static Optional<ReadModel> of(String id) {
        return Arrays.stream(values()).filter(model -> model.id.equals(id)).findFirst();
    }
}
