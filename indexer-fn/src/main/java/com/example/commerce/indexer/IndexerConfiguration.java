package com.example.commerce.indexer;

import com.example.commerce.contract.Topics;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/**
 * Settings of indexer-fn ({@code commerce.indexer.*}).
 *
 * @param bulkSize    most documents per bulk request; a polled batch larger than this is written in several
 * @param catalogDeadLetterTopic where catalog-events records that can never be applied go
 * @param orderDeadLetterTopic   where order-events records that can never be applied go
 * @param inventoryDeadLetterTopic where inventory-events records that can never be applied go
 * @param dlqTimeout  how long to wait for the dead-letter topic's acknowledgement
 */
@ConfigurationProperties("commerce.indexer")
public record IndexerConfiguration(
        @Bindable(defaultValue = "500") @Min(1) int bulkSize,
        @Bindable(defaultValue = Topics.CATALOG_EVENTS_DLQ) String catalogDeadLetterTopic,
        @Bindable(defaultValue = Topics.ORDER_EVENTS_DLQ) String orderDeadLetterTopic,
        @Bindable(defaultValue = Topics.INVENTORY_EVENTS_DLQ) String inventoryDeadLetterTopic,
        @Bindable(defaultValue = "10s") Duration dlqTimeout) {
}
