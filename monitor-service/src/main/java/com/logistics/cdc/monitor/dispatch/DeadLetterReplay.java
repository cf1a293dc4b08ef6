package com.logistics.cdc.monitor.dispatch;

import com.logistics.cdc.monitor.config.MonitorConfig;
import com.logistics.cdc.monitor.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends dead-lettered movements back to their customers' queues, as they were (same eventId, so the same
 * Idempotency-Key). Remembers how far it replayed (its own consumer group), so a movement is replayed once.
 */
@ApplicationScoped
public class DeadLetterReplay {

    /** What one replay did. */
    public record Result(int replayed, int skipped) {
    }

    private final MonitorConfig.Dispatch config;
    private final DispatchTopics topics;
    private final KafkaClients clients;

    public DeadLetterReplay(MonitorConfig config, DispatchTopics topics,
                            KafkaClients clients) {
        this.config = config.dispatch();
        this.topics = topics;
        this.clients = clients;
    }

    /** Replays every dead letter written before this call and not replayed yet. */
    public synchronized Result replay() {
        int replayed = 0;
        int skipped = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients.config(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "monitor-dead-letter-replay",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())))) {
            List<TopicPartition> partitions = consumer.partitionsFor(config.deadLetterTopic(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(config.deadLetterTopic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                return new Result(0, 0);
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            var committed = consumer.committed(java.util.Set.copyOf(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata from = committed.get(partition);
                if (from == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, from.offset());
                }
            }
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= ends.get(partition)) {
                        continue;
                    }
                    CustomerNotification notification = readable(record.value());
                    if (notification == null) {
                        skipped++;
                    } else {
                        topics.enqueue(notification).await().atMost(Duration.ofSeconds(30));
                        replayed++;
                    }
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                }
            }
            consumer.commitSync(done);
        }
        return new Result(replayed, skipped);
    }

    private static CustomerNotification readable(byte[] value) {
        try {
            CustomerNotification notification = DispatchTopics.JSON.readValue(value, CustomerNotification.class);
            return notification.status() == null || notification.trackingCode() == null ? null : notification;
        } catch (IOException e) {
            return null;
        }
    }
}
