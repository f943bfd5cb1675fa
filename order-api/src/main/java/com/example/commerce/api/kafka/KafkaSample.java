package com.example.commerce.api.kafka;

import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the sampler read from the cluster at one moment: every topic's partitions with their leader, replicas and
 * end offset, and every consumer group's state, members and committed offsets.
 */
record KafkaSample(Instant at, Map<String, List<Partition>> topics, Map<TopicPartition, Long> endOffsets,
                   Map<String, Group> groups) {

    record Partition(int partition, Integer leader, List<Integer> replicas, List<Integer> inSync) {
    }

    record Member(String memberId, String clientId, String host, List<TopicPartition> assignment) {
    }

    record Group(String groupId, String state, List<Member> members, Map<TopicPartition, Long> committed) {

        Set<String> memberIds() {
            return Set.copyOf(members.stream().map(Member::memberId).toList());
        }
    }
}
