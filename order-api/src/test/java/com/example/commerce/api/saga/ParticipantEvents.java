package com.example.commerce.api.saga;

import com.example.commerce.contract.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the participants' events (inventory, shipping) as fulfillment-fn does, and tells when the saga's
 * consumer group has consumed everything published so far.
 */
final class ParticipantEvents implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final Admin admin;

    ParticipantEvents(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new StringSerializer(), new StringSerializer());
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
    }

    /** An inventory event of an order's reservation; returns its JSON (to publish it again). */
    String reservation(String type, long orderId, String extraPayload) {
        return envelope(type, "Reservation", orderId, "{\"orderId\":" + orderId + ",\"lines\":[]" + extraPayload + "}");
    }

    String shipment(String type, long orderId, String status, String carrierReference) {
        return envelope(type, "Shipment", orderId, "{\"orderId\":" + orderId + ",\"shipmentId\":" + (carrierReference
                == null ? "null" : "7") + ",\"status\":\"" + status + "\",\"carrierReference\":"
                + (carrierReference == null ? "null" : "\"" + carrierReference + "\"") + "}");
    }

    private static String envelope(String type, String aggregateType, long orderId, String payload) {
        return """
                {"eventId":"%s","eventType":"%s","aggregateType":"%s","aggregateId":"%d","aggregateVersion":1,
                 "occurredAt":"%s","schemaVersion":1,"payload":%s}""".formatted(UUID.randomUUID(), type,
                aggregateType, orderId, Instant.now(), payload);
    }

    void publish(String topic, long orderId, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, String.valueOf(orderId), value)).get(30, TimeUnit.SECONDS);
    }

    /** Whether the saga's group has committed offsets at the end of every partition of its topics. */
    boolean allConsumed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(OrderSaga.CONSUMER)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        var latest = new HashMap<TopicPartition, OffsetSpec>();
        for (String topic : List.of(Topics.INVENTORY_EVENTS, Topics.SHIPPING_EVENTS)) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        }
        var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        for (var end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            long position = offset == null ? 0 : offset.offset();
            if (position < end.getValue().offset()) {
                return false;
            }
        }
        return true;
    }

    boolean topicExists(String topic) throws Exception {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic);
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
