package com.logistics.cdc.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole stack from a clean folder: real PostgreSQL, Kafka, Connect and Debezium, then stopped by pid. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static StackConfig config;
    private static LocalStack stack;

    @BeforeAll
    static void startFromCleanFolder() {
        config = StackConfig.throwAway(EnumSet.allOf(Part.class));
        assertThat(config.home()).isEmptyDirectory();
        stack = LocalStack.start(config);
    }

    @AfterAll
    static void stopAndClean() {
        if (stack != null) {
            stack.close();
            stack.deleteState();
        }
    }

    @Test
    @Order(1)
    void everyPartRunsAndTheConnectorAndItsTaskRun() throws Exception {
        assertThat(LocalStack.runningParts(config.home())).containsExactly(Part.POSTGRES, Part.KAFKA, Part.CONNECT);
        ConnectorStatus status = stack.connectClient().status("package-status-connector");
        assertThat(status.running()).as(status.summary()).isTrue();
        assertThat(stack.connectClient().plugins()).contains("io.debezium.connector.postgresql.PostgresConnector");
        try (Connection db = connect(); var rs = db.createStatement().executeQuery(
                "SELECT current_setting('wal_level'), relreplident FROM pg_class WHERE relname = 'package_status'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("logical");
            assertThat(rs.getString(2)).as("REPLICA IDENTITY FULL").isEqualTo("f");
        }
    }

    @Test
    @Order(2)
    void insertUpdateDeleteBecomeDebeziumChangeEvents() throws Exception {
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            sql.execute("""
                    INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status)
                    VALUES ('BR0000000001', 2, 'Rua Augusta 100, São Paulo', 'Hub Cajamar', 'Package Posted')""");
            sql.execute("""
                    UPDATE package_status SET status = 'In Transit', actual_address = 'Hub Cajamar',
                           next_address = 'Hub Campinas', version = version + 1
                    WHERE tracking_code = 'BR0000000001'""");
            sql.execute("DELETE FROM package_status WHERE tracking_code = 'BR0000000001'");
        }

        List<ConsumerRecord<String, String>> events = readTopic(4, Duration.ofSeconds(60));
        assertThat(events).hasSize(4);
        assertThat(events).extracting(ConsumerRecord::key).allSatisfy(key -> assertThat(key).isEqualTo(events.get(0).key()));

        JsonNode insert = JSON.readTree(events.get(0).value());
        assertThat(insert.path("op").asText()).isEqualTo("c");
        assertThat(insert.path("before").isNull()).isTrue();
        assertThat(insert.path("after").path("status").asText()).isEqualTo("Package Posted");
        assertThat(insert.path("source").path("table").asText()).isEqualTo("package_status");
        assertThat(insert.path("source").path("lsn").asLong()).isPositive();

        JsonNode update = JSON.readTree(events.get(1).value());
        assertThat(update.path("op").asText()).isEqualTo("u");
        assertThat(update.path("before").path("status").asText()).isEqualTo("Package Posted");
        assertThat(update.path("before").path("next_address").asText()).isEqualTo("Hub Cajamar");
        assertThat(update.path("after").path("status").asText()).isEqualTo("In Transit");
        assertThat(update.path("after").path("actual_address").asText()).isEqualTo("Hub Cajamar");
        assertThat(update.path("after").path("version").asLong()).isEqualTo(1);

        JsonNode delete = JSON.readTree(events.get(2).value());
        assertThat(delete.path("op").asText()).isEqualTo("d");
        assertThat(delete.path("before").path("tracking_code").asText()).isEqualTo("BR0000000001");
        assertThat(delete.path("after").isNull()).isTrue();

        assertThat(events.get(3).value()).as("tombstone after the delete").isNull();
    }

    @Test
    @Order(3)
    void startingTwiceReportsAlreadyRunning() {
        assertThatThrownBy(() -> LocalStack.start(config))
                .isInstanceOf(LocalStack.AlreadyRunning.class)
                .hasMessageContaining("already running");
    }

    @Test
    @Order(4)
    void createConnectorTwiceUpdatesAndRestartsAFailedTask() throws Exception {
        ConnectClient connect = stack.connectClient();
        var connector = ConnectClient.ConnectorDefinition.read(config.connectorFile())
                .renamed("probe-connector").with("topic.prefix", "probe").with("slot.name", "probe_slot");
        // a publication that does not exist fails the task, not the connector
        connect.apply(connector.with("publication.name", "no_such_publication"));
        ConnectorStatus failed = awaitStatus(connect, "probe-connector", ConnectorStatus::anyTaskFailed);
        assertThat(failed.state()).isEqualTo("RUNNING");

        connect.apply(connector);
        assertThat(connect.awaitRunning("probe-connector", Duration.ofSeconds(60)).running()).isTrue();

        connect.delete("probe-connector");
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            awaitSlotInactive(sql, "probe_slot");
            sql.execute("SELECT pg_drop_replication_slot('probe_slot')");
        }
        assertThat(stack.createConnector().running()).isTrue();
        assertThat(stack.createConnector().running()).as("second create is an update").isTrue();
    }

    @Test
    @Order(5)
    void upOnAPartlyDownStackStartsWhatIsDownAndLeavesTheRest() throws Exception {
        long kafka = stack.pid(Part.KAFKA).orElseThrow();
        long postgres = stack.pid(Part.POSTGRES).orElseThrow();
        stack.killConnect(); // SIGKILL, as a crash
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            sql.executeUpdate("INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status)"
                    + " VALUES ('BR0000000002', 1, 'Rua 2', 'Hub 1', 'Package Posted')"); // written while Connect is down
        }

        assertThat(LocalStack.startWhatIsDown(config)).containsExactly(Part.CONNECT);

        assertThat(stack.pid(Part.KAFKA)).contains(kafka);
        assertThat(stack.pid(Part.POSTGRES)).contains(postgres);
        ConnectorStatus status = stack.connectClient().status(ConnectClient.ConnectorDefinition.read(config.connectorFile()).name());
        assertThat(status.running()).as(status.summary()).isTrue();
        assertThat(readTopic(5, Duration.ofSeconds(60))).extracting(ConsumerRecord::value)
                .as("the row written while Connect was down").anyMatch(value -> value != null && value.contains("BR0000000002"));
        assertThat(LocalStack.startWhatIsDown(config)).as("everything runs: nothing to start").isEmpty();
    }

    @Test
    @Order(6)
    void stopLeavesNoProcessEvenAfterAPartCrashed() throws Exception {
        List<ProcessHandle> processes = new ArrayList<>();
        for (Part part : Part.values()) {
            ProcessHandle process = ProcessHandle.of(stack.pid(part).orElseThrow()).orElseThrow();
            processes.add(process);
            processes.addAll(process.descendants().toList());
        }
        ProcessHandle kafka = ProcessHandle.of(stack.pid(Part.KAFKA).orElseThrow()).orElseThrow();
        kafka.destroyForcibly();
        kafka.onExit().get();

        List<String> report = LocalStack.stop(config.home());

        assertThat(report).contains("Kafka was not running (it had stopped or crashed)");
        assertThat(report).anyMatch(line -> line.startsWith("Kafka Connect stopped"));
        assertThat(report).anyMatch(line -> line.startsWith("PostgreSQL stopped"));
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(LocalStack.runningParts(config.home())).isEmpty();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            assertThat(all.filter(p -> p.info().commandLine().orElse("").contains(config.home().toString())))
                    .as("no process mentions the stack folder").isEmpty();
        }
        assertThat(Files.list(config.home().resolve("run"))).isEmpty();
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    private static List<ConsumerRecord<String, String>> readTopic(int expected, Duration timeout) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "local-stack-test-" + java.util.UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.CHANGES));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            Instant deadline = Instant.now().plus(timeout);
            while (records.size() < expected && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // anything beyond the expected events would be a duplicate or a stray change
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
            return records;
        }
    }

    private static ConnectorStatus awaitStatus(ConnectClient connect, String name,
                                               java.util.function.Predicate<ConnectorStatus> condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        ConnectorStatus status = connect.status(name);
        while (!condition.test(status)) {
            assertThat(Instant.now()).as("waiting for " + name + ", last: " + status.summary()).isBefore(deadline);
            Thread.sleep(200);
            status = connect.status(name);
        }
        return status;
    }

    private static void awaitSlotInactive(Statement sql, String slot) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try (var rs = sql.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
    }
}
