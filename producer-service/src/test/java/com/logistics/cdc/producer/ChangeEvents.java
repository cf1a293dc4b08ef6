package com.logistics.cdc.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the Debezium topic from a remembered position: what a test's writes produced, nothing before. */
public final class ChangeEvents implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;

    /** Positions at the current end of the topic (waiting for Debezium to create it if needed). */
    public ChangeEvents(LocalStack stack) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "true"));
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHANGES, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(Topics.CHANGES, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Events after the remembered position: waits for {@code expected}, then a quiet second for any extra. */
    public List<JsonNode> read(int expected, Duration timeout) {
        List<JsonNode> events = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (events.size() < expected && Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(parse(r.value())));
        }
        consumer.poll(Duration.ofSeconds(1)).forEach(r -> events.add(parse(r.value())));
        return events;
    }

    private static JsonNode parse(String value) {
        try {
            return value == null ? JSON.nullNode() : JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
