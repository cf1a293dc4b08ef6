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
import java.util.List;
import java.util.Map;

/** Prints the raw Debezium change events of a topic, one line each: the stack's own view of the stream. */
final class ChangeEventPrinter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeEventPrinter() {
    }

    /** Reads from the beginning until {@code max} events were printed or nothing arrived for {@code idle}. */
    static int print(StackConfig config, String topic, int max, Duration idle, PrintStream out) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
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
