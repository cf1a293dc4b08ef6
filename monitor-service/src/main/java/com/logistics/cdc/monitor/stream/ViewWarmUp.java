package com.logistics.cdc.monitor.stream;

import com.logistics.cdc.monitor.kafka.KafkaAdmin;
import com.logistics.cdc.monitor.kafka.KafkaClients;
import com.logistics.cdc.monitor.config.MonitorConfig;
import com.logistics.cdc.monitor.dashboard.Movement;
import com.logistics.cdc.monitor.dashboard.MovementView;
import com.logistics.cdc.monitor.event.ChangeEvent;
import com.logistics.cdc.monitor.event.ChangeEventParser;
import com.logistics.cdc.monitor.event.MalformedChangeEvent;
import com.logistics.cdc.monitor.metrics.StreamStats;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * At start, reads back the events just before the consumer group's committed offsets into the view and the
 * duplicate window, without counting them as new: a restarted monitor shows its recent history, the live
 * consumer goes on from the committed offsets, and no movement appears twice. On the way it tells (an error,
 * and {@code monitor_expired_total}) of events the topic's retention deleted before any monitor read them.
 */
@ApplicationScoped
public class ViewWarmUp {

    private static final Logger LOG = Logger.getLogger(ViewWarmUp.class);

    private final MonitorConfig config;
    private final ChangeEventParser parser;
    private final Deduplicator deduplicator;
    private final MovementView view;
    private final StreamStats stats;
    private final KafkaAdmin admin;
    private final KafkaClients clients;
    private final String groupId;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    public ViewWarmUp(MonitorConfig config, ChangeEventParser parser, Deduplicator deduplicator, MovementView view,
                      StreamStats stats, KafkaAdmin admin, KafkaClients clients,
                      @ConfigProperty(name = "mp.messaging.incoming.package-status.group.id") String groupId) {
        this.config = config;
        this.parser = parser;
        this.deduplicator = deduplicator;
        this.view = view;
        this.stats = stats;
        this.admin = admin;
        this.clients = clients;
        this.groupId = groupId;
    }

    /**
     * Runs while the live consumer starts: it joins its group and fetches from the committed offsets meanwhile,
     * after the range read back here, so the two never show the same event; but it handles nothing before this is
     * {@link #done()}. An event Connect sent again just past the committed offsets then meets its original in the
     * duplicate window (handled first, it was shown and dispatched again), and the view keeps commit order.
     */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (config.warmUpEvents() == 0) {
            done.complete(null); // nothing to wait for; the check for expired events still runs
        }
        Thread.ofVirtual().name("view-warm-up").start(this::readBack);
    }

    /** Completes once the view and the duplicate window hold what was read back, or the read back gave up. */
    public CompletableFuture<Void> done() {
        return done;
    }

    private void readBack() {
        try {
            Map<TopicPartition, Long> committed = committedOffsets();
            if (committed.isEmpty()) {
                return; // a new group: the live consumer starts where auto.offset.reset says, nothing lies before it
            }
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                consumer.assign(committed.keySet());
                Map<TopicPartition, Long> begins = consumer.beginningOffsets(committed.keySet());
                reportExpired(committed, begins);
                if (config.warmUpEvents() > 0) {
                    int replayed = replayBefore(consumer, committed, begins);
                    LOG.infof("Read back %d recent change events of %s into the view", replayed, config.topic());
                }
            }
        } catch (Exception e) {
            LOG.warnf("No warm-up of the view (%s): the view starts empty", e.getMessage());
        } finally {
            done.complete(null);
        }
    }

    /** Where the live consumer starts: the group's committed offsets in the topic. */
    private Map<TopicPartition, Long> committedOffsets() throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        admin.client().listConsumerGroupOffsets(groupId, new ListConsumerGroupOffsetsOptions().timeoutMs(5000))
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS).forEach((partition, offset) -> {
                    if (offset != null && partition.topic().equals(config.topic())) {
                        committed.put(partition, offset.offset());
                    }
                });
        return committed;
    }

    /** A consumer outside the group: no group, so nothing it reads is ever committed. */
    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(clients.config(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000)));
    }

    /**
     * Events between the committed offset and the first one Kafka still has were deleted by the topic's retention
     * while no monitor read the topic: the live consumer starts after them (auto.offset.reset), they are not shown
     * and their movements are not dispatched. Said loudly, and counted.
     */
    private void reportExpired(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> begins) {
        committed.forEach((partition, next) -> {
            long first = begins.get(partition);
            if (first > next) {
                ExpiredEvents.report(stats, partition, next, first);
            }
        });
    }

    /** Reads the events just before {@code ends}, {@code warm-up-events} in all. */
    private int replayBefore(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends,
                             Map<TopicPartition, Long> begins) {
        long perPartition = Math.max(1, config.warmUpEvents() / ends.size());
        ends.forEach((partition, end) -> consumer.seek(partition, Math.max(begins.get(partition), end - perPartition)));
        int replayed = 0;
        Instant deadline = Instant.now().plusSeconds(30);
        while (!caughtUp(consumer, ends) && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    replayed += replay(record) ? 1 : 0;
                }
            }
        }
        return replayed;
    }

    private boolean replay(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return false;
        }
        try {
            ChangeEvent event = parser.parse(record.key(), record.value());
            if (deduplicator.firstTime(event.eventId())) {
                view.replay(Movement.of(event, event.emittedAtMs(), record.partition(), record.offset()));
            }
            return true;
        } catch (MalformedChangeEvent e) {
            return false; // the live consumer dead-letters it if it has not yet
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }
}
