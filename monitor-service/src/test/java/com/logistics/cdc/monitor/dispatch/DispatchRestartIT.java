package com.logistics.cdc.monitor.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.logistics.cdc.monitor.Offsets;
import com.logistics.cdc.monitor.PackagedMonitor;
import com.logistics.cdc.stack.ConnectClient;
import com.logistics.cdc.stack.Ledger;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.Part;
import com.logistics.cdc.stack.StackCli;
import com.logistics.cdc.stack.StackConfig;
import com.logistics.cdc.stack.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crashes (SIGKILL) in the middle of dispatching on the full stack, then a restart: of the packaged
 * monitor-service, and of Kafka Connect. The ledger ({@link Ledger}: what PostgreSQL committed against what the
 * customers, WireMock, recorded) after each: every movement delivered at least once, in commit order per package,
 * each re-send with the same Idempotency-Key; the events Connect sends again are dropped as duplicates.
 */
class DispatchRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PACKAGES = 60;
    private static final int MOVES = 3;

    private static LocalStack stack;
    private static String connector;
    private static final WireMockServer[] CUSTOMERS = new WireMockServer[4];

    /** Tracking codes of one test start with it: the customers' journals are shared. */
    private String run;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(StackConfig.throwAway(EnumSet.allOf(Part.class)));
        connector = ConnectClient.ConnectorDefinition.read(stack.config().connectorFile()).name();
        int[] delays = {0, 20, 400, 20}; // customer 2 is the slow one
        for (int id = 1; id <= 3; id++) {
            CUSTOMERS[id] = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                    .asynchronousResponseEnabled(true).asynchronousResponseThreads(64));
            CUSTOMERS[id].start();
            CUSTOMERS[id].stubFor(post(urlEqualTo("/package-status"))
                    .willReturn(aResponse().withStatus(200).withUniformRandomDelay(0, delays[id])));
        }
    }

    @AfterAll
    static void stop() {
        for (WireMockServer customer : CUSTOMERS) {
            if (customer != null) {
                customer.stop();
            }
        }
        if (stack != null) {
            stack.close();
            stack.deleteState();
        }
    }

    @Test
    void aKilledMonitorDeliversEveryMovementAtLeastOnceInOrderWithStableKeys() throws Exception {
        run = "MONITOR-";
        int port = StackConfig.freePort();
        Process first = PackagedMonitor.start(stack, port, customerUrls());
        try {
            PackagedMonitor.awaitReady(port);
            write(0, PACKAGES / 2);
            Thread.sleep(1_500); // some delivered and committed, some in flight, some not yet routed
        } finally {
            first.destroyForcibly().waitFor();
        }
        write(PACKAGES / 2, PACKAGES); // while no monitor runs

        Process second = PackagedMonitor.start(stack, port, customerUrls());
        try {
            PackagedMonitor.awaitReady(port);
            assertEveryMovementDeliveredInOrder(awaitLedger(), PACKAGES * (MOVES + 1));
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    /**
     * Scale-out: two monitors on one stack share each customer's partitions (their dispatchers join the customer's
     * consumer group) and the one change-topic partition goes to one of them; one is killed in the middle of the work
     * and the other takes over everything it held. Nothing lost, order per package kept.
     */
    @Test
    void twoMonitorsShareTheWorkAndTheSurvivorTakesOverAKilledOnesPartitions() throws Exception {
        run = "TWO-";
        int[] ports = {StackConfig.freePort(), StackConfig.freePort()};
        Process killed = PackagedMonitor.start(stack, ports[0], customerUrls());
        Process survivor = PackagedMonitor.start(stack, ports[1], customerUrls());
        try {
            PackagedMonitor.awaitReady(ports[0]);
            PackagedMonitor.awaitReady(ports[1]);
            write(0, PACKAGES / 2);
            await("both monitors deliver").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(delivered(ports[0])).as("movements the first monitor delivered").isPositive();
                assertThat(delivered(ports[1])).as("movements the second monitor delivered").isPositive();
            });
            killed.destroyForcibly().waitFor(); // SIGKILL: its partitions are handed on when its session expires
            write(PACKAGES / 2, PACKAGES);

            Ledger.Report ledger = awaitLedger();
            assertEveryMovementDeliveredInOrder(ledger, PACKAGES * (MOVES + 1));
            Ledger.Report withoutTheJournals = new Ledger(stack.config(), Map.of(), run).check(); // the ledger can fail
            assertThat(withoutTheJournals.lost()).isEqualTo(ledger.committed());
            assertThat(withoutTheJournals.holds()).isFalse();
        } finally {
            killed.destroyForcibly().waitFor();
            survivor.destroy();
            survivor.waitFor();
        }
    }

    /** What the monitor on {@code port} delivered, all customers together (its dashboard counts its own work). */
    private static long delivered(int port) throws Exception {
        long delivered = 0;
        for (JsonNode customer : PackagedMonitor.json(port, "/dashboard").path("customers")) {
            delivered += customer.path("delivered").asLong();
        }
        return delivered;
    }

    @Test
    void aKilledKafkaConnectLosesNothingAndItsResentEventsAreNotDeliveredTwice() throws Exception {
        run = "CONNECT-";
        int port = StackConfig.freePort();
        Process monitor = PackagedMonitor.start(stack, port, customerUrls());
        try (KafkaConsumer<String, String> offsetCommits = consumer(StackConfig.CONNECT_OFFSETS_TOPIC)) {
            PackagedMonitor.awaitReady(port);
            long duplicatesBefore = PackagedMonitor.json(port, "/dashboard").path("duplicates").asLong();
            offsetCommits.seekToEnd(offsetCommits.assignment());
            // The writer moves the packages round after round until Connect is killed, so changes flow when it is,
            // however slow this machine; its last round goes to the replication slot while Connect is down.
            AtomicBoolean connectKilled = new AtomicBoolean();
            CompletableFuture<Integer> writing = CompletableFuture.supplyAsync(
                    () -> write(0, PACKAGES, Duration.ofMillis(15), hop -> hop <= MOVES || !connectKilled.get()),
                    task -> Thread.ofPlatform().start(task));
            try {
                awaitSeen(port, code(0)); // this test's changes flow (the writer's first connection can take a while)
                killConnectBetweenTwoOffsetCommits(offsetCommits);
            } finally {
                connectKilled.set(true);
            }
            int rounds = writing.join();
            stack.startConnect();

            Ledger.Report ledger = awaitLedger();
            assertEveryMovementDeliveredInOrder(ledger, (long) PACKAGES * (rounds + 1));
            assertThat(ledger.duplicates()).as("movements delivered twice: %s", ledger).isZero();
            long resent = resentByConnect();
            assertThat(resent).as("changes Connect had sent past its last committed offset, sent again").isPositive();
            assertThat(PackagedMonitor.json(port, "/dashboard").path("duplicates").asLong() - duplicatesBefore)
                    .as("re-sent change events the monitor dropped").isEqualTo(resent);
        } finally {
            monitor.destroy();
            monitor.waitFor();
        }
    }

    /**
     * While no monitor runs, the topics' retention deletes what it had not read yet: change events of the Debezium
     * topic, and movements waiting in customer 1's topic (both simulated with Kafka's deleteRecords, which moves a
     * partition's start as retention does). The next monitor counts each of them, logs them as an error, and goes on
     * from what Kafka still has; so it does when events are deleted while it is held still; the one after it counts
     * nothing again.
     */
    @Test
    void whatRetentionDeletedBeforeTheMonitorReadItIsCountedAndLoggedNotSkippedSilently() throws Exception {
        run = "EXPIRED-";
        int port = StackConfig.freePort();
        ProcessBuilder command = PackagedMonitor.command(stack.config().bootstrapServers(), port, customerUrls());
        Path log = command.redirectOutput().file().toPath();
        String customerTopic = Topics.customer(1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers()))) {
            Process first = command.start();
            try {
                PackagedMonitor.awaitReady(port);
                write(11, 12, Duration.ZERO, hop -> false); // customer 3's, read and delivered before the stop
                awaitReceived(code(11));
                assertThat(retentionMs(admin, customerTopic)).as("a customer's topic keeps a movement 30 days")
                        .isEqualTo(Duration.ofDays(30).toMillis());
                assertThat(retentionMs(admin, Topics.UNDELIVERABLE)).as("undeliverable movements are kept").isEqualTo(-1);
                assertThat(retentionMs(admin, Topics.UNREADABLE)).as("unreadable change events are kept").isEqualTo(-1);
            } finally {
                first.destroy();
                first.waitFor();
            }
            Map<TopicPartition, Long> changesRead = Offsets.ends(admin, Topics.CHANGES);
            write(0, 10, Duration.ZERO, hop -> false); // 10 packages posted: 10 change events
            awaitEndOffsets(admin, Topics.CHANGES, Offsets.total(changesRead) + 10);
            expire(admin, "monitor-service", changesRead, Offsets.ends(admin, Topics.CHANGES));

            Map<TopicPartition, Long> movementsDelivered = Offsets.ends(admin, customerTopic);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
                for (int p = 100; p < 107; p++) { // as the monitor queues them; never delivered
                    producer.send(new ProducerRecord<>(customerTopic, code(p), "{\"trackingCode\":\"" + code(p) + "\"}")).get();
                }
            }
            expire(admin, "monitor-dispatch-customer-1", movementsDelivered, Offsets.ends(admin, customerTopic));

            Process second = command.start();
            try {
                PackagedMonitor.awaitReady(port);
                awaitExpired(port, 10, 7);
                assertThat(Files.readString(log))
                        .contains("change events of " + Topics.CHANGES)
                        .contains("were deleted by the topic's retention before the monitor read them")
                        .contains("movements of customer 1 (" + customerTopic)
                        .contains("were deleted by the topic's retention before they were delivered");
                write(12, 13, Duration.ZERO, hop -> false); // customer 1's: delivered, so both go on past the gap
                awaitReceived(code(12));

                // A running monitor held still (SIGSTOP) while 5 change events are written and deleted unread: on
                // waking, its consumer resets past them; the monitor sees the gap and counts them too.
                signal(second, "STOP");
                Map<TopicPartition, Long> readBeforeTheStall;
                try {
                    // A fetch sent just before the stop waits at the broker up to fetch.max.wait.ms (100 ms) for
                    // records: events written meanwhile would reach the stopped monitor's socket and be read after
                    // all. Once it has answered empty, nothing more is fetched until the monitor runs again.
                    Thread.sleep(1000);
                    readBeforeTheStall = Offsets.ends(admin, Topics.CHANGES);
                    write(20, 25, Duration.ZERO, hop -> false);
                    awaitEndOffsets(admin, Topics.CHANGES, Offsets.total(readBeforeTheStall) + 5);
                    deleteBefore(admin, Offsets.ends(admin, Topics.CHANGES));
                    write(25, 26, Duration.ZERO, hop -> false); // customer 2's, after the gap
                } finally {
                    signal(second, "CONT");
                }
                awaitReceived(code(25));
                awaitExpired(port, 15, 7);
                awaitCommitted(admin, "monitor-service", Offsets.ends(admin, Topics.CHANGES));
                awaitCommitted(admin, "monitor-dispatch-customer-1", Offsets.ends(admin, customerTopic));
            } finally {
                second.destroy();
                second.waitFor();
            }
            assertThat(received()).as("of this test's packages, only those written before and after the gap arrived")
                    .containsExactlyInAnyOrder(code(11), code(12), code(25));

            Process third = command.start();
            try {
                PackagedMonitor.awaitReady(port);
                await("the view read back, the check for expired events done").atMost(Duration.ofSeconds(30))
                        .until(() -> Files.readString(log).contains("recent change events of"));
                JsonNode dashboard = PackagedMonitor.json(port, "/dashboard");
                assertThat(dashboard.path("expired").asLong()).as("change events counted as expired again").isZero();
                assertThat(customer(dashboard, 1).path("expired").asLong()).as("movements counted as expired again").isZero();
            } finally {
                third.destroy();
                third.waitFor();
            }
        }
    }

    /** Sends {@code process} SIGSTOP or SIGCONT, by its pid. */
    private static void signal(Process process, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor())
                .as("kill -" + signal).isZero();
    }

    /** Waits (a minute at most) until a customer received a movement of {@code trackingCode}. */
    private void awaitReceived(String trackingCode) {
        await(trackingCode + " delivered").atMost(Duration.ofSeconds(60)).until(() -> received().contains(trackingCode));
    }

    private static JsonNode customer(JsonNode dashboard, int id) {
        for (JsonNode customer : dashboard.path("customers")) {
            if (customer.path("customerId").asInt() == id) {
                return customer;
            }
        }
        throw new AssertionError("no panel of customer " + id + " in " + dashboard);
    }

    /** Waits (30 s at most) until the dashboard counts {@code changes} expired change events and customer 1 {@code movements}. */
    private static void awaitExpired(int port, long changes, long movements) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode dashboard = PackagedMonitor.json(port, "/dashboard");
            assertThat(dashboard.path("expired").asLong()).as("change events counted as expired").isEqualTo(changes);
            assertThat(customer(dashboard, 1).path("expired").asLong()).as("customer 1's movements counted as expired")
                    .isEqualTo(movements);
        });
    }

    /**
     * {@code group} had read {@code topic} up to {@code committed}; the topic's retention then deleted everything up to
     * {@code until}, as it does to old segments.
     */
    private static void expire(Admin admin, String group, Map<TopicPartition, Long> committed, Map<TopicPartition, Long> until)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        committed.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
        deleteBefore(admin, until);
    }

    /** Deletes each partition's records before its offset in {@code until}, as retention does to old segments. */
    private static void deleteBefore(Admin admin, Map<TopicPartition, Long> until) throws Exception {
        Map<TopicPartition, RecordsToDelete> deletes = new HashMap<>();
        until.forEach((partition, offset) -> deletes.put(partition, RecordsToDelete.beforeOffset(offset)));
        admin.deleteRecords(deletes).all().get(30, TimeUnit.SECONDS);
    }

    /** The topic's retention.ms, as Kafka has it. */
    private static long retentionMs(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return Long.parseLong(admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get(TopicConfig.RETENTION_MS_CONFIG).value());
    }

    /** Waits (30 s at most) until {@code topic} holds {@code total} records in all, counting from offset 0. */
    private static void awaitEndOffsets(Admin admin, String topic, long total) {
        await("Connect wrote the changes to " + topic).atMost(Duration.ofSeconds(30))
                .until(() -> Offsets.total(Offsets.ends(admin, topic)) >= total);
    }

    /** Waits (30 s at most) until {@code group} committed every partition of {@code ends} up to its end. */
    private static void awaitCommitted(Admin admin, String group, Map<TopicPartition, Long> ends) {
        await(group + " committed up to " + ends).atMost(Duration.ofSeconds(30)).until(() -> {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                    || committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue());
        });
    }

    /** Waits (30 s at most) until the monitor has seen a movement of {@code trackingCode}. */
    private static void awaitSeen(int port, String trackingCode) {
        await("monitor-service saw a movement of " + trackingCode).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !PackagedMonitor.json(port, "/packages/" + trackingCode + "/history").isEmpty());
    }

    /**
     * Kills Connect 300 ms after it committed the connector's offset, while this test's changes flow: what it sent
     * in between, it sends again after its restart. Connect commits once a second; if this thread was held up until
     * the next commit came, it waits 300 ms after that one instead.
     */
    private void killConnectBetweenTwoOffsetCommits(KafkaConsumer<String, String> offsetCommits) throws InterruptedException {
        Predicate<ConsumerRecord<String, String>> ofTheConnector = commit -> commit.key() != null
                && commit.key().contains('"' + connector + '"');
        assertThat(arrives(offsetCommits, ofTheConnector, Duration.ofSeconds(30))).as("an offset commit of " + connector).isTrue();
        do {
            Thread.sleep(300);
        } while (arrives(offsetCommits, ofTheConnector, Duration.ofMillis(100)));
        stack.killConnect();
    }

    /** Whether a record that {@code matches} reaches {@code consumer} within {@code timeout}. */
    private static boolean arrives(KafkaConsumer<String, String> consumer, Predicate<ConsumerRecord<String, String>> matches,
                                   Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        do {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(10))) {
                if (matches.test(record)) {
                    return true;
                }
            }
        } while (Instant.now().isBefore(deadline));
        return false;
    }

    /** How many of this test's change events the topic holds more than once: the ones Connect sent again. */
    private long resentByConnect() throws Exception {
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<String, String> changes = consumer(Topics.CHANGES)) {
            Map<TopicPartition, Long> end = changes.endOffsets(changes.assignment());
            changes.seekToBeginning(changes.assignment());
            while (end.entrySet().stream().anyMatch(e -> changes.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, String> record : changes.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue;
                    }
                    JsonNode event = JSON.readTree(record.value());
                    JsonNode change = event.has("schema") ? event.path("payload") : event;
                    if (change.path("after").path("tracking_code").asText().startsWith(run)) {
                        copies.merge(change.path("source").path("lsn").asText(), 1, Integer::sum);
                    }
                }
            }
        }
        return copies.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** A consumer of all partitions of {@code topic}, committing nothing. */
    private static KafkaConsumer<String, String> consumer(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10"));
        consumer.assign(consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList());
        return consumer;
    }

    /**
     * The ledger of this test's packages once nothing is on its way any more (two minutes at most): what PostgreSQL
     * committed against the customers' journals, order per package and Idempotency-Keys included.
     */
    private Ledger.Report awaitLedger() {
        Map<Integer, String> journals = new HashMap<>();
        for (int id = 1; id <= 3; id++) {
            journals.put(id, CUSTOMERS[id].baseUrl());
        }
        Ledger ledger = new Ledger(stack.config(), journals, run);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> ledger.check().drained());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // not a failure by itself: the report then says what is missing
        }
        return ledger.check();
    }

    /** Every one of {@code committed} movements delivered at least once (none refused here), in commit order. */
    private static void assertEveryMovementDeliveredInOrder(Ledger.Report ledger, long committed) {
        assertThat(ledger.holds()).as("the ledger: %s", ledger).isTrue();
        assertThat(ledger.committed()).as("movements committed").isEqualTo(committed);
        assertThat(ledger.delivered()).as("movements delivered: %s", ledger).isEqualTo(committed);
    }

    /** The packages of this test a customer received a movement of. */
    private Set<String> received() throws Exception {
        Set<String> codes = new HashSet<>();
        for (int id = 1; id <= 3; id++) {
            for (LoggedRequest request : CUSTOMERS[id].findAll(postRequestedFor(urlEqualTo("/package-status")))) {
                String code = JSON.readTree(request.getBodyAsString()).path("trackingCode").asText();
                if (code.startsWith(run)) {
                    codes.add(code);
                }
            }
        }
        return codes;
    }

    private void write(int from, int to) {
        write(from, to, Duration.ZERO, hop -> hop <= MOVES);
    }

    /**
     * Posts packages {@code from..to}, then moves each once a round while {@code anotherRound} accepts the round's
     * number (from 1), a pause after each statement; the number of rounds.
     */
    private int write(int from, int to, Duration pause, IntPredicate anotherRound) {
        var config = stack.config();
        int hop = 1;
        try (Connection db = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             Statement sql = db.createStatement()) {
            for (int p = from; p < to; p++) {
                sql.execute("INSERT INTO package_status (tracking_code, customer_id, actual_address,"
                        + " next_address, status) VALUES ('" + code(p) + "', " + (1 + p % 3) + ", 'Origem " + p + "', 'Hub 1', 'Package Posted')");
                Thread.sleep(pause);
            }
            for (; anotherRound.test(hop); hop++) {
                for (int p = from; p < to; p++) {
                    sql.execute("UPDATE package_status SET status = 'In Transit', actual_address = 'Hub "
                            + hop + "', next_address = 'Hub " + (hop + 1) + "', version = version + 1 WHERE tracking_code = '" + code(p) + "'");
                    Thread.sleep(pause);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        }
        return hop - 1;
    }

    /** The customers are the WireMock servers of this test. */
    private static Map<String, String> customerUrls() {
        Map<String, String> urls = new HashMap<>();
        for (int id = 1; id <= 3; id++) {
            urls.put("CUSTOMER_" + id + "_URL", CUSTOMERS[id].baseUrl());
        }
        return urls;
    }

    private String code(int p) {
        return run + p;
    }

}
