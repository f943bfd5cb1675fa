package com.example.commerce.local;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;

/**
 * The Kafka clients report some meters at several levels under one name with different tag keys: per client, per
 * broker node, per topic, per partition. Prometheus accepts only one set of tag keys per name and refuses the
 * others with a warning. Kept: the per-client meters, and consumer lag per partition, which is what shows a stuck
 * partition.
 */
@Factory
class KafkaMeterFilter {

    @Bean
    MeterFilter dropPerNodeKafkaMeters() {
        return MeterFilter.deny(id -> {
            if (!id.getName().startsWith("kafka.")) {
                return false;
            }
            boolean perPartition = id.getTag("partition") != null;
            boolean consumerLag = id.getName().startsWith("kafka.consumer.records-l");
            return id.getTag("node-id") != null
                    || id.getTag("topic") != null && !perPartition
                    || consumerLag != perPartition;
        });
    }
}
