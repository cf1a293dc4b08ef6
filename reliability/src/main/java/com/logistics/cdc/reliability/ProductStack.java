package com.logistics.cdc.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logistics.cdc.stack.CustomerApis;
import com.logistics.cdc.stack.Ledger;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.Part;
import com.logistics.cdc.stack.StackCli;
import com.logistics.cdc.stack.StackConfig;
import com.logistics.cdc.stack.StackException;
import com.logistics.cdc.stack.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole product on a stack of its own, as the chaos suite and the soak need it: PostgreSQL, Kafka, Connect with
 * Debezium, three customer simulators, producer-service and monitor-service (the packaged jars), each a process of
 * its own on free ports, state in a temporary folder. Closing it (or Ctrl-C) stops everything by pid and deletes
 * the folder. Its methods are what an operator does (start what is down, restart a service) and what a customer's
 * API does (answer 500, reset connections), plus the few reads the suite measures with.
 */
final class ProductStack implements AutoCloseable {

    static final String MONITOR = "monitor-service";
    static final String PRODUCER = "producer-service";

    /** producer-service's replication-slot warning threshold here (1 GiB by default). */
    static final long SLOT_WARNING_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final LocalStack stack;
    private final Path monitorJar;
    private final int monitorPort;
    private final String producerUrl;
    private final Map<Integer, String> customers;
    private final Thread onExit;

    private ProductStack(LocalStack stack, Path monitorJar, int monitorPort, String producerUrl, Map<Integer, String> customers,
                         Thread onExit) {
        this.stack = stack;
        this.monitorJar = monitorJar;
        this.monitorPort = monitorPort;
        this.producerUrl = producerUrl;
        this.customers = customers;
        this.onExit = onExit;
    }

    /** Where the monitor finds each customer's API. */
    private Map<String, String> monitorSettings() {
        Map<String, String> settings = new HashMap<>();
        customers.forEach((id, url) -> settings.put("CUSTOMER_" + id + "_URL", url));
        settings.put("PRODUCER_URL", producerUrl); // the replication slot's figures on the dashboard
        return settings;
    }

    /**
     * @param customerDelays each customer's answer time in ms (customers 1..n)
     */
    static ProductStack start(Path producerJar, Path monitorJar, int... customerDelays) throws IOException, InterruptedException {
        StackConfig config = StackConfig.throwAway(EnumSet.allOf(Part.class));
        Thread onExit = new Thread(() -> {
            LocalStack.stop(config.home());
            LocalStack.attach(config).deleteState();
        });
        Runtime.getRuntime().addShutdownHook(onExit);
        long started = System.nanoTime();
        makeUp(config);
        LocalStack stack = LocalStack.attach(config);
        List<CustomerApis.Customer> simulators = new ArrayList<>();
        Map<Integer, String> customers = new TreeMap<>();
        for (int i = 0; i < customerDelays.length; i++) {
            CustomerApis.Customer customer = new CustomerApis.Customer(i + 1, StackConfig.freePort(), customerDelays[i]);
            simulators.add(customer);
            customers.put(customer.id(), customer.baseUrl(config.host()));
        }
        CustomerApis.start(stack, simulators);
        int producerPort = StackConfig.freePort();
        stack.startService(PRODUCER, producerJar, producerPort, Map.of("PRODUCER_GENERATION_ENABLED", "true",
                // low, so that the minutes Connect is stopped in the chaos suite cross it and the dashboard warns
                "REPLICATION_SLOT_WARNING_BYTES", Long.toString(SLOT_WARNING_BYTES)));
        int monitorPort = StackConfig.freePort();
        ProductStack product = new ProductStack(stack, monitorJar, monitorPort, "http://" + config.host() + ":" + producerPort,
                customers, onExit);
        product.startMonitor();
        System.out.printf("The product on a stack of its own (PostgreSQL, Kafka, Connect, customers %s, both services) up in %.0f s, state in %s%n",
                customers.keySet(), (System.nanoTime() - started) / 1e9, config.home());
        return product;
    }

    LocalStack stack() {
        return stack;
    }

    StackConfig config() {
        return stack.config();
    }

    Map<Integer, String> customers() {
        return customers;
    }

    String monitorUrl() {
        return "http://" + config().host() + ":" + monitorPort;
    }

    /** monitor-service on its port, as {@code make monitor-up} starts it (after a crash, too: its pid file is stale). */
    void startMonitor() {
        stack.startService(MONITOR, monitorJar, monitorPort, monitorSettings());
    }

    /**
     * {@code make up} on this stack, in a JVM of its own as an operator runs it: starts the parts that are down on
     * their data and ports, leaves the others, registers the connector again (restarting a failed task) and waits
     * until it runs.
     */
    void makeUp() throws IOException, InterruptedException {
        makeUp(config());
    }

    /**
     * {@code make up} in a JVM of its own, for the first start too: PostgreSQL's launcher locks the data folder for
     * as long as the process that started it lives, so a stack started in this JVM could not be restarted by the
     * operator's command.
     */
    private static void makeUp(StackConfig config) throws IOException, InterruptedException {
        Path log = config.home().resolve("logs").resolve("make-up.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StackCli.class.getName(), "up")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(Map.of("STACK_HOME", config.home().toString(),
                "POSTGRES_PORT", Integer.toString(config.postgresPort()), "KAFKA_PORT", Integer.toString(config.kafkaPort()),
                "KAFKA_CONTROLLER_PORT", Integer.toString(config.controllerPort()), "CONNECT_PORT", Integer.toString(config.connectPort())));
        Process up = builder.start();
        if (!up.waitFor(5, TimeUnit.MINUTES) || up.exitValue() != 0) {
            up.destroyForcibly();
            throw new StackException("make up did not bring the stack back; see " + log + ":\n"
                    + String.join("\n", Files.readAllLines(log).reversed().stream().limit(30).toList().reversed()));
        }
    }

    long monitorPid() {
        return LocalStack.pid(config().home(), MONITOR).orElseThrow(() -> new StackException("monitor-service is not running"));
    }

    // --- the producer's simulation: the steady writes every scenario runs under

    void startSimulation(int ratePerSecond) {
        send("POST", producerUrl + "/simulation", """
                {"ratePerSecond": %d, "concurrency": 4, "durationSeconds": 86400}""".formatted(ratePerSecond), 201);
    }

    JsonNode stopSimulation() {
        return send("DELETE", producerUrl + "/simulation", null, 200);
    }

    /** One movement of one package, through the producer's API (409 once it is delivered: no movement then). */
    void move(String trackingCode) {
        send("POST", producerUrl + "/packages/" + trackingCode + "/movements", null, 200, 409);
    }

    // --- the customers' APIs (WireMock): a stub of higher priority than the simulator's own answer, removed to heal

    /** Adds a stub ({@code request} and {@code response} JSON objects) in front of the customer's answer; its id. */
    String override(int customer, String request, String response) {
        JsonNode stub = send("POST", customers.get(customer) + "/__admin/mappings", """
                {"priority": 1, "request": %s, "response": %s}""".formatted(request, response), 201);
        return stub.path("id").asText();
    }

    void removeOverride(int customer, String id) {
        send("DELETE", customers.get(customer) + "/__admin/mappings/" + id, null, 200);
    }

    // --- reads

    /** Movements committed so far: each package's version + 1. */
    long committedMovements() {
        return Long.parseLong(query("SELECT COALESCE(sum(version + 1), 0) FROM package_status"));
    }

    /** A package of this customer that was just posted, so it has its journey's moves ahead. */
    String newPackageOf(int customer) {
        return query("SELECT tracking_code FROM package_status WHERE customer_id = " + customer
                + " AND status = 'Package Posted' ORDER BY id DESC LIMIT 1");
    }

    /**
     * The replication slot as the monitor's dashboard shows it ({@code replicationSlot} of {@code GET /dashboard}:
     * state, slot, active, retainedWalBytes, warningBytes), read from producer-service's health check: what an
     * operator sees.
     */
    JsonNode replicationSlotOnDashboard() {
        return send("GET", monitorUrl() + "/dashboard", null, 200).path("replicationSlot");
    }

    Ledger.Report ledger() {
        return new Ledger(config(), customers, "").check();
    }

    /**
     * Waits until the monitor has done everything Kafka holds (its groups' committed offsets at the end of the change
     * topic and of every customer's topic) and the ledger agrees that nothing is on its way: every committed
     * movement streamed, and delivered or dead-lettered. Returns that ledger.
     */
    Ledger.Report awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Ledger.Report report = null;
        while (System.nanoTime() < deadline) {
            if (caughtUp()) {
                report = ledger();
                if (report.drained()) {
                    return report;
                }
            }
            Thread.sleep(500);
        }
        report = report != null ? report : ledger();
        throw new StackException("Not drained after " + timeout.toSeconds() + " s: " + report.pending() + " pending, "
                + report.notYetStreamed() + " not streamed, " + report.lost() + " lost; " + report.examples());
    }

    /** The monitor's groups have committed the end of each partition they read. */
    private boolean caughtUp() {
        try {
            if (backlog(Topics.CHANGES, "monitor-service") > 0) {
                return false;
            }
            for (int id : customers.keySet()) {
                if (backlog(Topics.customer(id), "monitor-dispatch-customer-" + id) > 0) {
                    return false;
                }
            }
            return true;
        } catch (StackException e) { // Kafka restarting, a topic not made yet: not caught up
            return false;
        }
    }

    /** Records of {@code topic} past what {@code group} committed, over its partitions. */
    long backlog(String topic, String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config().bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long backlog = 0;
            for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                backlog += Math.max(0, end.getValue().offset() - (done == null ? 0 : done.offset()));
            }
            return backlog;
        } catch (ExecutionException | TimeoutException e) {
            throw new StackException("Cannot read " + group + "'s backlog in " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }

    private String query(String sql) {
        try (Connection db = DriverManager.getConnection(config().jdbcUrl(), config().user(), config().password());
             ResultSet rows = db.createStatement().executeQuery(sql)) {
            if (!rows.next()) {
                throw new StackException("No row for: " + sql);
            }
            return rows.getString(1);
        } catch (SQLException e) {
            throw new StackException(sql + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode send(String method, String url, String json, int... expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (java.util.Arrays.stream(expected).noneMatch(status -> status == response.statusCode())) {
                throw new StackException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new StackException(method + " " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted: " + method + " " + url, e);
        }
    }

    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(onExit);
        onExit.run();
    }
}
