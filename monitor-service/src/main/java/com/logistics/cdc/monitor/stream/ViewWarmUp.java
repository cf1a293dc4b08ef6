package com.logistics.cdc.monitor.stream;

import com.logistics.cdc.monitor.config.MonitorConfig;
import com.logistics.cdc.monitor.dashboard.Movement;
import com.logistics.cdc.monitor.dashboard.MovementLog;
import com.logistics.cdc.monitor.event.ChangeEvent;
import com.logistics.cdc.monitor.event.ChangeEventParser;
import com.logistics.cdc.monitor.event.MalformedChangeEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * At start, reads back the events just before the consumer group's committed offsets into the view and the
 * duplicate window, without counting them as new: a restarted monitor shows its recent history, the live
 * consumer goes on from the committed offsets, and no movement appears twice.
 */
@ApplicationScoped
public class ViewWarmUp {

    private static final Logger LOG = Logger.getLogger(ViewWarmUp.class);

    private final MonitorConfig config;
    private final ChangeEventParser parser;
    private final Deduplicator deduplicator;
    private final MovementLog log;
    private final String bootstrapServers;
    private final String groupId;

    public ViewWarmUp(MonitorConfig config, ChangeEventParser parser, Deduplicator deduplicator, MovementLog log,
                      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                      @ConfigProperty(name = "mp.messaging.incoming.package-status.group.id") String groupId) {
        this.config = config;
        this.parser = parser;
        this.deduplicator = deduplicator;
        this.log = log;
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
    }

    /**
     * Runs beside the live consumer rather than before it: the live consumer starts at the committed offsets,
     * after the range read back here, so the two never show the same event.
     */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (config.warmUpEvents() > 0) {
            Thread.ofVirtual().name("view-warm-up").start(this::readBack);
        }
    }

    private void readBack() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId, // only to read its committed offsets: assign() never joins
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            List<TopicPartition> partitions = consumer.partitionsFor(config.topic(), Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(config.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = new java.util.HashMap<>();
            consumer.committed(java.util.Set.copyOf(partitions)).forEach((partition, committed) ->
                    ends.put(partition, committed == null ? 0L : committed.offset()));
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            long perPartition = Math.max(1, config.warmUpEvents() / partitions.size());
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, Math.max(begins.get(partition), Math.max(0, ends.get(partition) - perPartition)));
            }
            int replayed = 0;
            Instant deadline = Instant.now().plusSeconds(30);
            while (!caughtUp(consumer, partitions, ends) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        replayed += replay(record) ? 1 : 0;
                    }
                }
            }
            LOG.infof("Read back %d recent change events of %s into the view", replayed, config.topic());
        } catch (Exception e) {
            LOG.warnf("No warm-up of the view (%s): the view starts empty", e.getMessage());
        }
    }

    private boolean replay(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return false;
        }
        try {
            ChangeEvent event = parser.parse(record.key(), record.value());
            if (deduplicator.firstTime(event.eventId())) {
                log.replay(Movement.of(event, event.emittedAtMs(), record.partition(), record.offset()));
            }
            return true;
        } catch (MalformedChangeEvent e) {
            return false; // the live consumer dead-letters it if it has not yet
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }
}
