package com.example.commerce.fulfillment.shipping;

import com.example.commerce.consumer.ConsumerHandler;
import com.example.commerce.fulfillment.FulfillmentConfiguration;
import io.micronaut.context.ApplicationContextBuilder;

/**
 * AWS Lambda entry point of the shipping participant, for Amazon MSK triggers on {@code inventory-events} and
 * {@code order-events} (one trigger per topic, each its own consumer group: {@code fulfillment-shipping-inventory}
 * and {@code fulfillment-shipping-orders}; the processed-event marks are all {@value ShippingProcessor#CONSUMER}'s).
 * Records that can never be processed go to their topic's dead-letter topic and the invocation still succeeds; any
 * other failure fails the invocation and Lambda retries the batch. Its environment ({@value #ENVIRONMENT}) keeps the
 * inventory participant out of its context. SAM
 * Handler: {@code com.example.commerce.fulfillment.shipping.ShippingHandler}.
 */
public class ShippingHandler extends ConsumerHandler {

    public static final String ENVIRONMENT = "fulfillment-shipping";

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
