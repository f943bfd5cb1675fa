package com.example.commerce.indexer.replay;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A replay's position in one partition: {@code read} is the next offset to read, {@code end} the offset to read up
 * to (exclusive), the partition's end offset when the current round began.
 */
@Serdeable
public record PartitionProgress(String topic, int partition, long read, long end) {

    boolean done() {
        return read >= end;
    }

    PartitionProgress at(long offset) {
        return new PartitionProgress(topic, partition, Math.min(offset, end), end);
    }

    PartitionProgress until(long newEnd) {
        return new PartitionProgress(topic, partition, read, Math.max(read, newEnd));
    }
}
