package com.example.commerce.testsupport.load;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The pipeline's figures for {@link ProgressReporter}'s lines, read from outside as the fault-injection harness's
 * monitor reads them: the outbox backlog (rows not yet published) and the consumer lag summed over the consumer
 * groups (per partition, the end offset less the group's committed offset; a partition a group has been assigned
 * but never committed on counts from 0). A figure that cannot be read is {@link ProgressReporter#UNKNOWN}, and the
 * next line tries again.
 */
public final class PipelineFigures implements AutoCloseable {

    /** Opens a connection to the database that holds the outbox. */
    @FunctionalInterface
    public interface Database {
        Connection connect() throws SQLException;
    }

    private final Admin admin;
    private final Database database;
    private final Predicate<String> groups;

    /**
     * @param groups which consumer groups count (e.g. {@code id -> true} for every group on the broker, so that a
     *               benchmark counts whatever consumers its stack runs)
     */
    public PipelineFigures(String bootstrapServers, Database database, Predicate<String> groups) {
        var config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Generous: a benchmark loads the machine, and a line every 10 s can wait for its figures.
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
        this.admin = Admin.create(config);
        this.database = database;
        this.groups = groups;
    }

    /** Both figures as a progress line shows them, with the run's own counts of requests. */
    public Supplier<ProgressReporter.Figures> with(Supplier<long[]> sentAndAccepted) {
        return () -> {
            long[] requests = sentAndAccepted.get();
            return new ProgressReporter.Figures(requests[0], requests[1], backlog(), lag());
        };
    }

    /** Outbox rows not yet published, or {@link ProgressReporter#UNKNOWN}. */
    public long backlog() {
        try (Connection connection = database.connect();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return ProgressReporter.UNKNOWN;
        }
    }

    /** The lag summed over the counted groups, or {@link ProgressReporter#UNKNOWN} (e.g. while the broker is down). */
    public long lag() {
        try {
            long total = 0;
            for (ConsumerGroupListing listing : admin.listConsumerGroups().all().get(8, TimeUnit.SECONDS)) {
                if (groups.test(listing.groupId())) {
                    try {
                        total += lag(listing.groupId());
                    } catch (ExecutionException | TimeoutException e) {
                        // A group that vanished or changed between the listing and the read: left out of this line.
                    }
                }
            }
            return total;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return ProgressReporter.UNKNOWN;
        }
    }

    /** One group's lag over the partitions it has committed on or is assigned. */
    public long lag(String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(8, TimeUnit.SECONDS);
        Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
        admin.describeConsumerGroups(List.of(groupId)).all().get(8, TimeUnit.SECONDS).values()
                .forEach(group -> group.members().forEach(m -> partitions.addAll(m.assignment().topicPartitions())));
        if (partitions.isEmpty()) {
            return 0;
        }
        var latest = new HashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest);
        long lag = 0;
        for (TopicPartition partition : partitions) {
            long end;
            try {
                end = ends.partitionResult(partition).get(8, TimeUnit.SECONDS).offset();
            } catch (ExecutionException e) {
                continue; // e.g. a topic deleted since the group committed on it: no lag to speak of
            }
            OffsetAndMetadata done = committed.get(partition);
            lag += Math.max(0, end - (done == null ? 0 : done.offset()));
        }
        return lag;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
