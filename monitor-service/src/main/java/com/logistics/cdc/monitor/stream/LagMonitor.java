package com.logistics.cdc.monitor.stream;

import com.logistics.cdc.monitor.kafka.KafkaAdmin;
import com.logistics.cdc.monitor.config.MonitorConfig;
import com.logistics.cdc.monitor.metrics.StreamStats;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Consumer lag: events in the topic not handled yet, per partition the end offset minus the next offset to
 * handle (what this instance handled, or the group's committed offset when it handled nothing there yet).
 * <p>
 * Also the events the topic's retention deleted while this instance was behind them: the Kafka consumer then goes
 * on from the first offset Kafka still has (auto.offset.reset), and a batch starts past the offset expected
 * next. Such a gap is checked against the partition's first offset at the next measure; what lies below it was
 * deleted unread, and is logged as an error and counted ({@code monitor_expired_total}), as at start
 * ({@link ViewWarmUp}).
 */
@ApplicationScoped
public class LagMonitor {

    /** Each call's limit: a measure every second, skipped while the previous one still waits. */
    private static final int TIMEOUT_MS = 2000;

    private final Map<Integer, Long> nextToHandle = new ConcurrentHashMap<>();
    /** Per partition, offsets skipped between two batches ({@code [from, to)}), until checked against retention. */
    private final Map<Integer, Gap> gaps = new ConcurrentHashMap<>();
    private final StreamStats stats;
    private final String topic;
    private final KafkaAdmin admin;
    private final String groupId;

    public LagMonitor(StreamStats stats, MonitorConfig config, KafkaAdmin admin,
                      @ConfigProperty(name = "mp.messaging.incoming.package-status.group.id") String groupId) {
        this.stats = stats;
        this.topic = config.topic();
        this.admin = admin;
        this.groupId = groupId;
    }

    private record Gap(long from, long to) {
    }

    /** A batch's records of {@code partition} went from {@code first} to {@code last}. */
    void processed(int partition, long first, long last) {
        Long expected = nextToHandle.get(partition);
        if (expected != null && first > expected) {
            gaps.merge(partition, new Gap(expected, first), (older, newer) -> new Gap(older.from(), newer.to()));
        }
        nextToHandle.merge(partition, last + 1, Math::max);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        try {
            Admin client = admin.client();
            var partitions = client.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(TIMEOUT_MS))
                    .allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic).partitions();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            var committed = client.listConsumerGroupOffsets(groupId, new ListConsumerGroupOffsetsOptions().timeoutMs(TIMEOUT_MS))
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long total = 0;
            for (var entry : client.listOffsets(request, new ListOffsetsOptions().timeoutMs(TIMEOUT_MS)).all()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).entrySet()) {
                var groupOffset = committed.get(entry.getKey());
                long next = nextToHandle.getOrDefault(entry.getKey().partition(), groupOffset == null ? 0L : groupOffset.offset());
                total += Math.max(0, entry.getValue().offset() - next);
            }
            stats.lag(total);
            if (!gaps.isEmpty()) {
                checkGaps(client);
            }
        } catch (Exception e) {
            // the topic may not exist yet, or Kafka is restarting: keep the last value
        }
    }

    /** Offsets a batch skipped that lie below the partition's first offset were deleted before they were read. */
    private void checkGaps(Admin client) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        gaps.keySet().forEach(partition -> request.put(new TopicPartition(topic, partition), OffsetSpec.earliest()));
        var firsts = client.listOffsets(request, new ListOffsetsOptions().timeoutMs(TIMEOUT_MS)).all()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        firsts.forEach((partition, first) -> {
            Gap gap = gaps.remove(partition.partition());
            long deletedUpTo = Math.min(first.offset(), gap.to());
            if (deletedUpTo > gap.from()) { // else control records (transaction markers), not events
                ExpiredEvents.report(stats, partition, gap.from(), deletedUpTo);
            }
        });
    }
}
