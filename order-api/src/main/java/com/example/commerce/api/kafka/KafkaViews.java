package com.example.commerce.api.kafka;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The console's answers about topics and consumer groups, computed from the sampler's window. */
public final class KafkaViews {

    private KafkaViews() {
    }

    /**
     * @param sampledAt       when the newest sample was taken
     * @param intervalSeconds the sampling interval
     * @param windowSeconds   how far back the history goes at most
     * @param samples         how many samples the window holds (rates need two)
     */
    @Serdeable
    public record Topics(Instant sampledAt, long intervalSeconds, long windowSeconds, int samples,
                         List<Topic> topics) {
    }

    /**
     * @param inPerSecond  records appended per second between the last two samples (growth of the end offsets)
     * @param outPerSecond records consumed per second between the last two samples (growth of the committed offsets
     *                     of every group reading the topic)
     */
    @Serdeable
    public record Topic(String name, int partitionCount, long endOffset, @Nullable Double inPerSecond,
                        @Nullable Double outPerSecond, List<Partition> partitions, List<Rate> history) {
    }

    @Serdeable
    public record Partition(int partition, @Nullable Integer leader, List<Integer> replicas, List<Integer> inSync,
                            long endOffset) {
    }

    @Serdeable
    public record Rate(Instant at, double inPerSecond, double outPerSecond) {
    }

    @Serdeable
    public record Groups(Instant sampledAt, long intervalSeconds, long windowSeconds, int samples,
                         List<Group> groups) {
    }

    /** @param rebalances changes of the member set seen by this instance's sampler (a new generation each) */
    @Serdeable
    public record Group(String groupId, String state, int rebalances, long lag, List<Member> members,
                        List<PartitionLag> partitions, List<LagPoint> history) {
    }

    @Serdeable
    public record Member(String memberId, String clientId, String host, List<String> assignment) {
    }

    @Serdeable
    public record PartitionLag(String topic, int partition, long committed, long endOffset, long lag) {
    }

    @Serdeable
    public record LagPoint(Instant at, long lag) {
    }

    static Topics topics(KafkaSampler.Window window) {
        List<KafkaSample> samples = window.samples();
        KafkaSample newest = window.newest();
        var topics = new ArrayList<Topic>();
        newest.topics().forEach((name, partitions) -> {
            var history = new ArrayList<Rate>();
            for (int i = 1; i < samples.size(); i++) {
                history.add(rate(name, samples.get(i - 1), samples.get(i)));
            }
            Rate last = history.isEmpty() ? null : history.get(history.size() - 1);
            var views = partitions.stream().map(p -> new Partition(p.partition(), p.leader(), p.replicas(),
                    p.inSync(), newest.endOffsets().getOrDefault(new TopicPartition(name, p.partition()), 0L)))
                    .toList();
            topics.add(new Topic(name, partitions.size(), views.stream().mapToLong(Partition::endOffset).sum(),
                    last == null ? null : last.inPerSecond(), last == null ? null : last.outPerSecond(), views,
                    history));
        });
        return new Topics(newest.at(), window.interval().toSeconds(), window.history().toSeconds(), samples.size(),
                topics);
    }

    private static Rate rate(String topic, KafkaSample before, KafkaSample after) {
        double seconds = Math.max(0.001, (after.at().toEpochMilli() - before.at().toEpochMilli()) / 1000.0);
        long appended = 0;
        for (var end : after.endOffsets().entrySet()) {
            if (end.getKey().topic().equals(topic)) {
                Long earlier = before.endOffsets().get(end.getKey());
                appended += earlier == null ? 0 : Math.max(0, end.getValue() - earlier);
            }
        }
        long consumed = 0;
        for (var group : after.groups().values()) {
            KafkaSample.Group earlierGroup = before.groups().get(group.groupId());
            if (earlierGroup == null) {
                continue;
            }
            for (var committed : group.committed().entrySet()) {
                if (committed.getKey().topic().equals(topic)) {
                    Long earlier = earlierGroup.committed().get(committed.getKey());
                    consumed += earlier == null ? 0 : Math.max(0, committed.getValue() - earlier);
                }
            }
        }
        return new Rate(after.at(), round(appended / seconds), round(consumed / seconds));
    }

    static Groups groups(KafkaSampler.Window window) {
        KafkaSample newest = window.newest();
        var groups = new ArrayList<Group>();
        newest.groups().forEach((id, group) -> {
            var partitions = lags(group, newest);
            var history = new ArrayList<LagPoint>();
            for (KafkaSample sample : window.samples()) {
                KafkaSample.Group then = sample.groups().get(id);
                if (then != null) {
                    history.add(new LagPoint(sample.at(), lags(then, sample).stream().mapToLong(PartitionLag::lag)
                            .sum()));
                }
            }
            var members = group.members().stream().map(m -> new Member(m.memberId(), m.clientId(), m.host(),
                    m.assignment().stream().map(TopicPartition::toString).toList())).toList();
            groups.add(new Group(id, group.state(), window.rebalances().getOrDefault(id, 0),
                    partitions.stream().mapToLong(PartitionLag::lag).sum(), members, partitions, history));
        });
        return new Groups(newest.at(), window.interval().toSeconds(), window.history().toSeconds(),
                window.samples().size(), groups);
    }

    private static List<PartitionLag> lags(KafkaSample.Group group, KafkaSample sample) {
        return group.committed().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)))
                .map(e -> {
                    long end = sample.endOffsets().getOrDefault(e.getKey(), e.getValue());
                    return new PartitionLag(e.getKey().topic(), e.getKey().partition(), e.getValue(), end,
                            Math.max(0, end - e.getValue()));
                })
                .toList();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
