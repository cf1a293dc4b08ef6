package com.logistics.cdc.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Prints the raw Debezium change events of a topic, one line each: the stack's own view of the stream. */
final class ChangeEventPrinter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeEventPrinter() {
    }

    /** Prints from the beginning until {@code max} events were printed or nothing arrived for {@code idle}. */
    static int print(StackConfig config, String topic, int max, Duration idle, PrintStream out) {
        return print(config, topic, Map.of(), max, idle, out);
    }

    /** The next offset of each partition of the topic (none while the topic does not exist). */
    static Map<Integer, Long> endOffsets(StackConfig config, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(config)) {
            List<TopicPartition> partitions = partitions(consumer, topic, Duration.ofSeconds(5));
            Map<Integer, Long> offsets = new HashMap<>();
            consumer.endOffsets(partitions).forEach((partition, offset) -> offsets.put(partition.partition(), offset));
            return offsets;
        }
    }

    /** Prints from the given offsets (the beginning of partitions not named) until {@code max} or {@code idle}. */
    static int print(StackConfig config, String topic, Map<Integer, Long> from, int max, Duration idle, PrintStream out) {
        try (KafkaConsumer<String, String> consumer = consumer(config)) {
            List<TopicPartition> partitions = partitions(consumer, topic, idle);
            if (partitions.isEmpty()) {
                out.println("(no topic " + topic + " yet)");
                return 0;
            }
            consumer.assign(partitions);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, from.getOrDefault(partition.partition(), 0L));
            }
            int printed = 0;
            Instant lastEvent = Instant.now();
            while (printed < max && Duration.between(lastEvent, Instant.now()).compareTo(idle) < 0) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    out.println(line(record));
                    lastEvent = Instant.now();
                    if (++printed >= max) {
                        break;
                    }
                }
            }
            return printed;
        }
    }

    private static KafkaConsumer<String, String> consumer(StackConfig config) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
    }

    /** Waits up to {@code timeout} for the topic to exist: Debezium creates it with the first change. */
    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<TopicPartition> partitions = consumer.listTopics(Duration.ofSeconds(5)).getOrDefault(topic, List.of()).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (!partitions.isEmpty() || Instant.now().isAfter(deadline)) {
                return partitions;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return partitions;
            }
        }
    }

    static String line(ConsumerRecord<String, String> record) {
        String time = LocalTime.now().truncatedTo(ChronoUnit.MILLIS).toString();
        if (record.value() == null) {
            return time + "  tombstone     key=" + record.key();
        }
        try {
            JsonNode value = JSON.readTree(record.value());
            JsonNode payload = value.has("payload") && value.has("schema") ? value.get("payload") : value;
            JsonNode before = payload.path("before");
            JsonNode after = payload.path("after");
            JsonNode row = after.isObject() ? after : before;
            String change = switch (payload.path("op").asText()) {
                case "c" -> "insert  ";
                case "u" -> "update  ";
                case "d" -> "delete  ";
                case "r" -> "snapshot";
                case "t" -> "truncate";
                default -> payload.path("op").asText("?");
            };
            String status = before.isObject() && after.isObject()
                    ? before.path("status").asText() + " -> " + after.path("status").asText()
                    : row.path("status").asText();
            return "%s  %s  %-20s customer %s  %-32s @ %s  (lsn %s)".formatted(time, change,
                    row.path("tracking_code").asText(), row.path("customer_id").asText(), status,
                    row.path("actual_address").asText(), payload.path("source").path("lsn").asText());
        } catch (IOException e) {
            return time + "  unreadable event at offset " + record.offset() + ": " + e.getMessage();
        }
    }
}
