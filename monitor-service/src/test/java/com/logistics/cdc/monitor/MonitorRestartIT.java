package com.logistics.cdc.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.Part;
import com.logistics.cdc.stack.StackConfig;
import com.logistics.cdc.stack.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged monitor-service, killed (SIGKILL) in the middle of a stream and started again: every movement
 * committed in PostgreSQL is in its view afterwards, each exactly once, and a re-sent event counts as a duplicate.
 */
class MonitorRestartIT {

    private static final TopicPartition PARTITION = new TopicPartition(Topics.CHANGES, 0);

    /** The view alone (dispatch has its own restart test), offsets committed every second. */
    private static final Map<String, String> VIEW_ONLY = Map.of(
            "MONITOR_COMMIT_INTERVAL_MS", "1000",
            "MONITOR_DISPATCH_ENABLED", "false");

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start(StackConfig.throwAway(EnumSet.allOf(Part.class)));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
            stack.deleteState();
        }
    }

    @Test
    void aKilledMonitorLosesNothingAndShowsNothingTwice() throws Exception {
        int port = StackConfig.freePort();
        Process first = PackagedMonitor.start(stack, port, VIEW_ONLY);
        try {
            PackagedMonitor.awaitReady(port);
            insert("A", 100);
            awaitEvents(port, 100);
            long end = endOffset();
            // the first 100, committed (no offset at all until the first commit)
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> committedOffset() == end);
            insert("B", 50);
        } finally {
            first.destroyForcibly().waitFor(); // SIGKILL, mid-stream: no clean shutdown, no final commit
        }
        insert("C", 50); // while the monitor is down

        Process second = PackagedMonitor.start(stack, port, VIEW_ONLY);
        try {
            PackagedMonitor.awaitReady(port);
            for (String batch : List.of("A", "B", "C")) {
                int count = batch.equals("A") ? 100 : 50;
                for (int i = 1; i <= count; i++) {
                    String code = code(batch, i);
                    JsonNode history = awaitHistory(port, code);
                    assertThat(history.size()).as("movements shown for " + code).isEqualTo(1);
                    assertThat(history.get(0).path("op").asText()).isEqualTo("c");
                }
            }

            long duplicatesBefore = dashboard(port).path("duplicates").asLong();
            resendFirstEvent(); // what Debezium does after a Connect restart: same change, same log position
            await().atMost(Duration.ofSeconds(30)).until(() -> dashboard(port).path("duplicates").asLong() > duplicatesBefore);
            assertThat(dashboard(port).path("duplicates").asLong()).isEqualTo(duplicatesBefore + 1);
            assertThat(history(port, code("A", 1)).size()).as("the re-sent event is not shown again").isEqualTo(1);
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    @Test
    void eventsSentAgainJustPastTheCommittedOffsetsAreDuplicatesAfterARestart() throws Exception {
        int port = StackConfig.freePort();
        Process first = PackagedMonitor.start(stack, port, VIEW_ONLY);
        try {
            PackagedMonitor.awaitReady(port);
            insertAtOnce("D", 10_000); // what the next start reads back (warm-up-events): the copies' originals last
            awaitEvents(port, 10_000);
        } finally {
            first.destroy(); // a clean stop: everything it handled is committed
            first.waitFor();
        }
        long end = endOffset();
        assertThat(committedOffset()).as("the group's committed offset").isEqualTo(end);
        int resent = 20;
        copyToTheEnd(end - resent, end); // as Connect does after a crash: the last changes again, same log positions

        Process second = PackagedMonitor.start(stack, port, VIEW_ONLY);
        try {
            // The live consumer starts with the copies; the read back of the view (the originals) runs meanwhile.
            PackagedMonitor.awaitReady(port);
            await("the " + resent + " copies").atMost(Duration.ofSeconds(60)).until(() ->
                    dashboard(port).path("events").asLong() + dashboard(port).path("duplicates").asLong() >= resent);
            assertThat(dashboard(port).path("duplicates").asLong()).as("copies dropped as duplicates").isEqualTo(resent);
            assertThat(dashboard(port).path("events").asLong()).as("copies counted as new").isZero();
            assertThat(history(port, code("D", 10_000)).size()).as("the last one's history").isEqualTo(1);
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    private void awaitEvents(int port, long events) {
        await(events + " events").atMost(Duration.ofSeconds(60)).until(() -> dashboard(port).path("events").asLong() >= events);
    }

    private JsonNode awaitHistory(int port, String code) {
        return await("the history of " + code).atMost(Duration.ofSeconds(60))
                .until(() -> history(port, code), history -> !history.isEmpty());
    }

    private JsonNode dashboard(int port) throws Exception {
        return PackagedMonitor.json(port, "/dashboard");
    }

    private JsonNode history(int port, String code) throws Exception {
        return PackagedMonitor.json(port, "/packages/" + code + "/history");
    }

    private void insert(String batch, int count) throws Exception {
        var config = stack.config();
        try (Connection db = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             var insert = db.prepareStatement("""
                     INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status)
                     VALUES (?, 1, 'Rua Um', 'Hub Dois', 'Package Posted')""")) {
            for (int i = 1; i <= count; i++) {
                insert.setString(1, code(batch, i));
                insert.executeUpdate();
            }
        }
    }

    private long endOffset() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(List.of(PARTITION)).get(PARTITION);
        }
    }

    private long committedOffset() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(); Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers()))) {
            return admin.listConsumerGroupOffsets("monitor-service").partitionsToOffsetAndMetadata().get()
                    .get(PARTITION).offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the records at offsets {@code from..to} of the topic again at its end. */
    private void copyToTheEnd(long from, long to) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(); KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            consumer.assign(List.of(PARTITION));
            consumer.seek(PARTITION, from);
            while (consumer.position(PARTITION) < to) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < to) {
                        producer.send(new ProducerRecord<>(Topics.CHANGES, record.key(), record.value()));
                    }
                }
            }
            producer.flush();
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }

    /** {@code count} packages of {@code batch} in one statement. */
    private void insertAtOnce(String batch, int count) throws Exception {
        var config = stack.config();
        try (Connection db = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             var insert = db.prepareStatement("""
                     INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status)
                     SELECT ? || g, 1, 'Rua Um', 'Hub Dois', 'Package Posted' FROM generate_series(1, ?) g""")) {
            insert.setString(1, prefix(batch));
            insert.setInt(2, count);
            insert.executeUpdate();
        }
    }

    private void resendFirstEvent() throws Exception {
        Map<String, Object> common = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers());
        ConsumerRecord<byte[], byte[]> first;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "resend-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.CHANGES));
            var records = consumer.poll(Duration.ofSeconds(10));
            while (records.isEmpty()) {
                records = consumer.poll(Duration.ofSeconds(1));
            }
            first = records.iterator().next();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, common.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(Topics.CHANGES, first.key(), first.value())).get();
        }
    }

    private static String code(String batch, int i) {
        return prefix(batch) + i;
    }

    private static String prefix(String batch) {
        return "RESTART-" + batch + "-";
    }

}
