package com.example.commerce.reliability;

import com.example.commerce.contract.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the pipeline from outside: the outbox backlog (rows not yet published) and the lag of each consumer
 * group (records on the broker not yet committed by the group), sampled every second; and, after a fault, how long
 * until everything written before the fault was cleared has been published and consumed by every group.
 */
final class PipelineMonitor implements AutoCloseable {

    /** A consumer group and the topics it consumes. */
    record Group(String id, List<String> topics) {
    }

    static final List<Group> GROUPS = List.of(
            new Group("notification-service", List.of(Topics.ORDER_EVENTS, Topics.PAYMENT_EVENTS, Topics.MESSAGES)),
            new Group("message-indexer", List.of(Topics.MESSAGES)),
            new Group("activity-counter", List.of(Topics.USER_ACTIVITY)),
            new Group("search-indexer", List.of(Topics.CATALOG_EVENTS, Topics.ORDER_EVENTS, Topics.INVENTORY_EVENTS)),
            new Group("fulfillment-inventory", List.of(Topics.ORDER_EVENTS)),
            new Group("fulfillment-shipping", List.of(Topics.INVENTORY_EVENTS, Topics.ORDER_EVENTS)),
            new Group("order-saga", List.of(Topics.INVENTORY_EVENTS, Topics.SHIPPING_EVENTS)));

    private final LocalStack stack;
    private final Admin admin;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Long> maxLag = new ConcurrentHashMap<>();
    private volatile long maxBacklog;
    /** The latest sample's figures, for the progress lines; -1 until read (or while unreadable). */
    private volatile long lastBacklog = -1;
    private volatile long lastLag = -1;

    PipelineMonitor(LocalStack stack) {
        this.stack = stack;
        var config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        admin = Admin.create(config);
    }

    void startSampling() {
        sampler.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            lastBacklog = unpublishedBefore(Instant.now().plusSeconds(3600));
            maxBacklog = Math.max(maxBacklog, lastBacklog);
        } catch (SQLException e) {
            lastBacklog = -1; // The next sample tries again.
        }
        long totalLag = 0;
        for (Group group : GROUPS) {
            try {
                long lag = lag(group);
                maxLag.merge(group.id(), lag, Math::max);
                totalLag += lag;
            } catch (Exception brokerDown) {
                // While the broker is down there is no lag to read; the outbox backlog shows the wait.
                totalLag = -1;
                break;
            }
        }
        lastLag = totalLag;
    }

    /** The latest outbox backlog, or -1 if it could not be read. */
    long lastBacklog() {
        return lastBacklog;
    }

    /** The latest lag summed over every consumer group, or -1 if it could not be read. */
    long lastLag() {
        return lastLag;
    }

    long lag(Group group) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(group.topics());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.id())
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        long lag = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
        var partitions = new HashMap<TopicPartition, OffsetSpec>();
        // A topic nothing has written to yet may not exist: it has no lag, and must not make the whole sum unknown.
        var names = admin.listTopics().names().get(5, TimeUnit.SECONDS);
        var existing = topics.stream().filter(names::contains).toList();
        if (existing.isEmpty()) {
            return Map.of();
        }
        admin.describeTopics(existing).allTopicNames().get(5, TimeUnit.SECONDS).forEach((topic, description) ->
                description.partitions().forEach(p -> partitions.put(new TopicPartition(topic, p.partition()),
                        OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                admin.listOffsets(partitions).all().get(5, TimeUnit.SECONDS);
        var ends = new HashMap<TopicPartition, Long>();
        offsets.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    long unpublishedBefore(Instant instant) throws SQLException {
        try (Connection connection = stack.connect();
             var query = connection.prepareStatement(
                     "SELECT count(*) FROM outbox WHERE published_at IS NULL AND created_at < ?")) {
            query.setTimestamp(1, Timestamp.from(instant));
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Waits until every event written before {@code clearedAt} is published and every group has committed past
     * what the broker held at that point.
     *
     * @return the time from {@code clearedAt} until then, or null if that did not happen within {@code timeout}
     */
    Duration awaitCaughtUp(Instant clearedAt, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        if (!await(deadline, () -> unpublishedBefore(clearedAt) == 0)) {
            return null;
        }
        Map<String, Map<TopicPartition, Long>> targets = new HashMap<>();
        if (!await(deadline, () -> {
            for (Group group : GROUPS) {
                targets.put(group.id(), endOffsets(group.topics()));
            }
            return true;
        })) {
            return null;
        }
        boolean consumed = await(deadline, () -> {
            for (Group group : GROUPS) {
                var committed = admin.listConsumerGroupOffsets(group.id()).partitionsToOffsetAndMetadata()
                        .get(5, TimeUnit.SECONDS);
                for (var target : targets.get(group.id()).entrySet()) {
                    OffsetAndMetadata done = committed.get(target.getKey());
                    if ((done == null ? 0 : done.offset()) < target.getValue()) {
                        return false;
                    }
                }
            }
            return true;
        });
        return consumed ? Duration.between(clearedAt, Instant.now()) : null;
    }

    /**
     * Waits until nothing is left to publish or consume at all (after the traffic stopped). The backlog and the
     * groups' lags are read one after the other, so a consumer may handle the last record of one group and write
     * the next event to the outbox between the two reads: the state counts as drained only when no outbox row was
     * written during a look at everything, twice in a row a second apart.
     */
    boolean awaitDrained(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long[] quietAt = {-1};
        return await(deadline, () -> {
            long newestBefore = newestOutboxRow();
            boolean idle = unpublishedBefore(Instant.now().plusSeconds(3600)) == 0;
            for (Group group : GROUPS) {
                idle = idle && lag(group) == 0;
            }
            long newestAfter = newestOutboxRow();
            if (!idle || newestAfter != newestBefore) {
                quietAt[0] = -1;
                return false;
            }
            if (quietAt[0] == newestAfter) {
                return true;
            }
            quietAt[0] = newestAfter;
            LocalStack.sleep(1000);
            return false;
        });
    }

    private long newestOutboxRow() throws SQLException {
        try (Connection connection = stack.connect();
             var query = connection.prepareStatement("SELECT coalesce(max(id), 0) FROM outbox");
             var rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static boolean await(Instant deadline, Check check) {
        while (Instant.now().isBefore(deadline)) {
            try {
                if (check.holds()) {
                    return true;
                }
            } catch (Exception notYet) {
                // Broker or database not answering yet: try again.
            }
            LocalStack.sleep(200);
        }
        return false;
    }

    long maxBacklog() {
        return maxBacklog;
    }

    long maxLag(String group) {
        return maxLag.getOrDefault(group, 0L);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
