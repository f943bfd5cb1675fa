package com.example.commerce.fulfillment.inventory;

import com.example.commerce.consumer.ConsumerHandler;
import com.example.commerce.fulfillment.FulfillmentConfiguration;
import io.micronaut.context.ApplicationContextBuilder;

/**
 * AWS Lambda entry point of the inventory participant, for an Amazon MSK trigger on {@code order-events} (group
 * {@value InventoryProcessor#CONSUMER}): {@link InventoryProcessor} processes each record once; those that can
 * never be processed go to {@code order-events-dlq} and the invocation still succeeds; any other failure fails the
 * invocation and Lambda retries the batch. Its environment ({@value #ENVIRONMENT}) keeps the
 * shipping participant out of its context. SAM
 * Handler: {@code com.example.commerce.fulfillment.inventory.InventoryHandler}.
 */
public class InventoryHandler extends ConsumerHandler {

    public static final String ENVIRONMENT = "fulfillment-inventory";

    @Override
    protected String environment() {
        return ENVIRONMENT;
    }

    /** This participant's environment and fulfillment-fn's shared configuration (application-fulfillment-fn.properties). */
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return super.newApplicationContextBuilder().environments(FulfillmentConfiguration.ENVIRONMENT);
    }
}
