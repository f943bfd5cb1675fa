package com.example.commerce.api.kafka;

import com.example.commerce.api.error.ApiException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the cluster's topics, end offsets and consumer groups through the Admin client and keeps the samples of
 * the last {@code commerce.console.history} (15 minutes) in memory, from which the console's rates, lag history
 * and rebalance counts are computed. A long-running server samples every {@code commerce.console.sample-interval}
 * ({@link KafkaSamplerSchedule}); anywhere, a request samples first when the newest sample is older than that, so
 * a Lambda instance, whose memory lasts only while it is warm, has the samples its own requests took.
 */
@Singleton
@Requires(property = "kafka.enabled", notEquals = "false")
public class KafkaSampler {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSampler.class);

    private final KafkaClients clients;
    private final Duration interval;
    private final Duration history;
    private final Clock clock;
    private final Deque<KafkaSample> samples = new ArrayDeque<>();
    /** Membership changes seen per group since this instance started sampling. */
    private final Map<String, Integer> rebalances = new HashMap<>();

    KafkaSampler(KafkaClients clients,
                 @Value("${commerce.console.sample-interval:5s}") Duration interval,
                 @Value("${commerce.console.history:15m}") Duration history) {
        this.clients = clients;
        this.interval = interval;
        this.history = history;
        this.clock = Clock.systemUTC();
    }

    /** What the views are computed from: the samples of the window, oldest first, and the rebalances seen. */
    record Window(List<KafkaSample> samples, Map<String, Integer> rebalances, Duration interval, Duration history) {

        KafkaSample newest() {
            return samples.get(samples.size() - 1);
        }
    }

    /** The window, after a fresh sample if the newest one is older than the interval. */
    public synchronized Window window() {
        KafkaSample newest = samples.peekLast();
        if (newest == null || Duration.between(newest.at(), clock.instant()).compareTo(interval) >= 0) {
            try {
                sample();
            } catch (RuntimeException e) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "urn:commerce:problem:kafka-unavailable",
                        "Kafka did not answer within " + clients.timeout().toMillis() + " ms: " + e.getMessage(),
                        Map.of());
            }
        }
        return new Window(List.copyOf(samples), Map.copyOf(rebalances), interval, history);
    }

    /** Takes one sample; called by the schedule, and by {@link #window()} when the newest is stale. */
    public synchronized void sample() {
        KafkaSample next = read();
        KafkaSample previous = samples.peekLast();
        if (previous != null) {
            countRebalances(previous, next);
        }
        samples.addLast(next);
        Instant oldest = next.at().minus(history);
        while (samples.size() > 1 && samples.peekFirst().at().isBefore(oldest)) {
            samples.removeFirst();
        }
        rebalances.keySet().retainAll(next.groups().keySet());
    }

    /**
     * Kafka's Admin API (3.9) does not report a classic group's generation; every change of a group's member set
     * (a member joined, left or was replaced) is a new generation, so each change between two samples counts one.
     * Rebalances that begin and end between two samples without changing the members are not seen.
     */
    private void countRebalances(KafkaSample previous, KafkaSample next) {
        next.groups().forEach((id, group) -> {
            KafkaSample.Group before = previous.groups().get(id);
            if (before != null && !before.memberIds().equals(group.memberIds())) {
                rebalances.merge(id, 1, Integer::sum);
            }
        });
    }

    private KafkaSample read() {
        Admin admin = clients.admin();
        long millis = clients.timeout().toMillis();
        Instant at = clock.instant();
        var names = await(admin.listTopics(new ListTopicsOptions().timeoutMs((int) millis)).names());
        Map<String, TopicDescription> descriptions = names.isEmpty() ? Map.of()
                : await(admin.describeTopics(names).allTopicNames());
        var topics = new TreeMap<String, List<KafkaSample.Partition>>();
        var latest = new HashMap<TopicPartition, OffsetSpec>();
        descriptions.forEach((name, description) -> {
            var partitions = new ArrayList<KafkaSample.Partition>();
            for (TopicPartitionInfo info : description.partitions()) {
                partitions.add(new KafkaSample.Partition(info.partition(),
                        info.leader() == null || info.leader().isEmpty() ? null : info.leader().id(),
                        info.replicas().stream().map(Node::id).toList(), info.isr().stream().map(Node::id).toList()));
                latest.put(new TopicPartition(name, info.partition()), OffsetSpec.latest());
            }
            topics.put(name, List.copyOf(partitions));
        });
        var endOffsets = new HashMap<TopicPartition, Long>();
        if (!latest.isEmpty()) {
            await(admin.listOffsets(latest).all()).forEach((tp, info) -> endOffsets.put(tp, info.offset()));
        }
        List<String> groupIds = await(admin.listConsumerGroups().all()).stream()
                .map(ConsumerGroupListing::groupId).sorted().toList();
        var groups = new TreeMap<String, KafkaSample.Group>();
        if (!groupIds.isEmpty()) {
            Map<String, ConsumerGroupDescription> described = await(admin.describeConsumerGroups(groupIds).all());
            var specs = new HashMap<String, ListConsumerGroupOffsetsSpec>();
            groupIds.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets =
                    await(admin.listConsumerGroupOffsets(specs).all());
            for (String id : groupIds) {
                ConsumerGroupDescription description = described.get(id);
                var members = description == null ? List.<KafkaSample.Member>of() : description.members().stream()
                        .map(m -> new KafkaSample.Member(m.consumerId(), m.clientId(), m.host(),
                                m.assignment().topicPartitions().stream()
                                        .sorted((a, b) -> a.toString().compareTo(b.toString())).toList()))
                        .toList();
                var committed = new HashMap<TopicPartition, Long>();
                offsets.getOrDefault(id, Map.of()).forEach((tp, offset) -> {
                    if (offset != null) {
                        committed.put(tp, offset.offset());
                    }
                });
                groups.put(id, new KafkaSample.Group(id, description == null ? "UNKNOWN"
                        : description.state().name(), members, Map.copyOf(committed)));
            }
        }
        return new KafkaSample(at, topics, Map.copyOf(endOffsets), groups);
    }

    private <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(clients.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out", e);
        }
    }

    void logFailure(RuntimeException e) {
        LOG.warn("Kafka sample failed: {}", e.getMessage());
    }
}
