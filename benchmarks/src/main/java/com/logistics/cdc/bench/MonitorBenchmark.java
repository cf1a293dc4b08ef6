package com.logistics.cdc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logistics.cdc.stack.Part;
import com.logistics.cdc.stack.ProducerApi;
import com.logistics.cdc.stack.QuarkusApp;
import com.logistics.cdc.stack.Readiness;
import com.logistics.cdc.stack.StackConfig;
import com.logistics.cdc.stack.StackException;
import com.logistics.cdc.stack.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * {@code make bench-monitor}: with N events in the CDC topic, how fast monitor-service consumes and decodes
 * them beside Kafka's own console consumer (and kcat, when installed) reading the same topic, in our connector's
 * format (schemas off) and then with schemas on (the same events as JsonConverter writes them by default, the
 * format the issue was measured with); then, at a steady rate, the monitor's commit-to-seen latency beside a raw
 * consumer's. One run, same machine, on a stack of the benchmark's own ({@link BenchStack}): its producer-service
 * fills the topic through PostgreSQL and Debezium, and nothing of it reaches the stack of {@code make up}.
 */
public final class MonitorBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The events of {@link #Topics.CHANGES} as the connector writes them with schemas on; filled by the benchmark. */
    private static final String WITH_SCHEMAS = "bench.with-schemas." + Topics.CHANGES;
    private static final int LATENCY_RATE = 200;
    private static final int LATENCY_SECONDS = 20;
    /** Rounds of each consumer in turn; the machine is shared, and a median of five moves less than one of three. */
    private static final int ROUNDS = 5;
    /**
     * monitor-service's socket buffer for its channel: the console consumer runs once more per round with it, to
     * show how much of the monitor's rate is that setting.
     */
    private static final String RECEIVE_BUFFER = "mp.messaging.incoming.package-status.receive.buffer.bytes";

    private final StackConfig config;
    private final String producerUrl;
    private final Path monitorJar;
    private final int events;
    private final HttpClient http = HttpClient.newHttpClient();

    private MonitorBenchmark(StackConfig config, String producerUrl, Path monitorJar, int events) {
        this.config = config;
        this.producerUrl = producerUrl;
        this.monitorJar = monitorJar;
        this.events = events;
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path producerJar = Path.of(args.length > 1 ? args[1] : "producer-service/target/quarkus-app/quarkus-run.jar");
        Path monitorJar = Path.of(args.length > 2 ? args[2] : "monitor-service/target/quarkus-app/quarkus-run.jar");
        if (!monitorJar.toFile().isFile()) {
            throw new StackException("No " + monitorJar + ": make build");
        }
        try (BenchStack stack = BenchStack.start(EnumSet.allOf(Part.class), producerJar)) {
            new MonitorBenchmark(stack.config(), stack.producerUrl(), monitorJar, events).run();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        long inTopic = fillTopic();
        System.out.printf("Monitor benchmark: %,d events in %s%n", inTopic, Topics.CHANGES);

        System.out.println("  monitor-service starts " + (QuarkusApp.of(monitorJar).usesAotCache()
                ? "with the AOT cache beside the jar (app.aot, recorded while MonitorCatchUpIT ran it)"
                : "without an AOT cache (none beside the jar: build with JDK 25+)"));
        String receiveBuffer = monitorSetting(RECEIVE_BUFFER);
        Rates schemaless = rates(Topics.CHANGES, inTopic, receiveBuffer, "our connector's format (schemas off, ~690 B per event)");
        copyWithSchemas(inTopic);
        Rates schemas = rates(WITH_SCHEMAS, inTopic, receiveBuffer, "the same events with schemas on (~3.8 KB, as the issue measured)");

        double[][] latency = latencies();
        System.out.println();
        System.out.printf("Medians of %d rounds:%n", ROUNDS);
        row("measure (same run)", "baseline", "monitor-service", "ratio");
        System.out.println("|" + "-".repeat(46) + "|" + "-".repeat(17) + "|" + "-".repeat(17) + "|" + "-".repeat(10) + "|");
        schemaless.print("events/s, %,d events, JVM start included".formatted(inTopic));
        schemas.print("same, with schemas on");
        row("commit -> seen p50 (ms), %d events/s".formatted(LATENCY_RATE), "raw %.0f".formatted(latency[0][0]),
                "%.0f".formatted(latency[1][0]), "%+.0f ms".formatted(latency[1][0] - latency[0][0]));
        row("commit -> seen p99 (ms)", "raw %.0f".formatted(latency[0][1]), "%.0f".formatted(latency[1][1]),
                "%+.0f ms".formatted(latency[1][1] - latency[0][1]));
        System.out.println("Targets: at least the console consumer's rate; p50 within 5 ms of the raw consumer's.");
    }

    /** Rounds in turn over one topic, medians kept: one run of each on a shared machine says little. */
    private Rates rates(String topic, long count, String receiveBuffer, String format) throws Exception {
        System.out.printf("  %s, %s:%n", topic, format);
        double[] console = new double[ROUNDS];
        double[] consoleConsuming = new double[ROUNDS];
        double[] consoleBuffered = new double[ROUNDS];
        double[] kcat = new double[ROUNDS];
        double[] monitor = new double[ROUNDS];
        double[] monitorConsuming = new double[ROUNDS];
        double[] slowestAnswer = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            double whole = consoleSeconds(topic, count);
            console[round] = count / whole;
            consoleConsuming[round] = (count - 1) / (whole - consoleSeconds(topic, 1));
            consoleBuffered[round] = count / consoleSeconds(topic, count, "--consumer-property", "receive.buffer.bytes=" + receiveBuffer);
            kcat[round] = kcatRate(topic, count);
            double[] rates = monitorThroughput(topic, count);
            monitor[round] = rates[0];
            monitorConsuming[round] = rates[1];
            slowestAnswer[round] = rates[2];
            System.out.printf("    round %d: console consumer %,.0f events/s (%,.0f after its first event; %,.0f with the monitor's"
                            + " socket buffer), kcat %s, monitor-service %,.0f events/s (%,.0f after its first events; its"
                            + " counts answered in %,.0f ms at most)%n", round + 1,
                    console[round], consoleConsuming[round], consoleBuffered[round],
                    kcat[round] > 0 ? String.format("%,.0f", kcat[round]) : "not installed (apt-get install kcat)",
                    monitor[round], monitorConsuming[round], slowestAnswer[round]);
        }
        return new Rates(median(console), median(consoleConsuming), median(consoleBuffered), median(kcat), median(monitor),
                median(monitorConsuming), Arrays.stream(slowestAnswer).max().orElse(0));
    }

    /**
     * Seconds Kafka's console consumer takes to print the first {@code count} events of the topic, JVM start
     * included; {@code options} are its own. With a count of 1 that is its start: JVM, group join, first fetch.
     */
    private double consoleSeconds(String topic, long count, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.consumer.ConsoleConsumer", "--bootstrap-server", config.bootstrapServers(),
                "--topic", topic, "--from-beginning", "--max-messages", Long.toString(count),
                "--group", "bench-console-" + UUID.randomUUID()));
        command.addAll(List.of(options));
        return timeProcess(command);
    }

    /**
     * Medians over the rounds of one topic, events/s: over the whole run, JVM start included, and from the first
     * event on (the console consumer's start measured by a run that prints one event; the monitor's first counted
     * batch left out); and the slowest answer of the monitor's {@code /dashboard/counts} in any round while it caught
     * up, each round's first left out (the dashboard and the health checks share the monitor's event loops with the
     * consuming).
     */
    private record Rates(double console, double consoleConsuming, double consoleBuffered, double kcat, double monitor,
                         double monitorConsuming, double slowestAnswerMs) {

        void print(String measure) {
            row(measure, "console %,.0f".formatted(console), "%,.0f".formatted(monitor), "%.2fx".formatted(monitor / console));
            row("  after the first event (start-up left out)", "console %,.0f".formatted(consoleConsuming),
                    "%,.0f".formatted(monitorConsuming), "%.2fx".formatted(monitorConsuming / consoleConsuming));
            row("  vs console, monitor's socket buffer", "console %,.0f".formatted(consoleBuffered), "%,.0f".formatted(monitor),
                    "%.2fx".formatted(monitor / consoleBuffered));
            if (kcat > 0) {
                row("  vs kcat (C, no JVM)", "kcat %,.0f".formatted(kcat), "%,.0f".formatted(monitor),
                        "%.2fx".formatted(monitor / kcat));
            }
            row("  its dashboard's slowest answer (ms)", "", "%,.0f".formatted(slowestAnswerMs), "");
        }
    }

    /** Copies the {@code count} events of the CDC topic to {@value #WITH_SCHEMAS} as JsonConverter writes them with schemas on. */
    private void copyWithSchemas(long count) {
        SchemaEnvelope envelope = SchemaEnvelope.packageStatus();
        long copied = 0;
        System.out.printf("  copying %,d events to %s with schemas on%n", count, WITH_SCHEMAS);
        TopicPartition source = new TopicPartition(Topics.CHANGES, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                     ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
                     ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                     ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                     ProducerConfig.LINGER_MS_CONFIG, "20",
                     ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024),
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            consumer.assign(List.of(source));
            consumer.seekToBeginning(List.of(source));
            while (copied < count) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (copied++ < count) {
                        producer.send(new ProducerRecord<>(WITH_SCHEMAS, envelope.key(record.key()), envelope.value(record.value())));
                    }
                }
            }
            producer.flush();
        }
        long written = endOffset(WITH_SCHEMAS);
        if (written != count) {
            throw new StackException("Copied " + written + " of " + count + " events to " + WITH_SCHEMAS);
        }
    }

    /** Makes sure the topic holds at least N events, asking the producer for packages and movements. */
    private long fillTopic() throws Exception {
        long inTopic = endOffset();
        while (inTopic < events) {
            long missing = events - inTopic;
            int packages = (int) Math.min(100_000, Math.max(1, missing / 2));
            ProducerApi.post(producerUrl + "/packages?quantity=" + packages);
            ProducerApi.post(producerUrl + "/movements?quantity=" + packages);
            long target = inTopic + 2L * packages;
            long deadline = System.currentTimeMillis() + 300_000;
            while ((inTopic = endOffset()) < target && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
        }
        return inTopic;
    }

    private double[] monitorThroughput(String topic, long inTopic) throws Exception {
        int port = StackConfig.freePort();
        long start = System.nanoTime();
        Process monitor = startMonitor(port, topic, "earliest");
        try {
            long firstSeenAt = 0;
            long firstSeen = 0;
            long handled = 0;
            long slowestAnswer = 0;
            long answers = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (handled < inTopic) {
                if (System.nanoTime() > deadline || !monitor.isAlive()) {
                    throw new StackException("monitor-service handled only " + handled + " of " + inTopic + " (its output: "
                            + monitorLog() + ")");
                }
                Thread.sleep(20);
                long asked = System.nanoTime();
                long answer = handled(port);
                if (answer < 0) {
                    continue; // not listening yet
                }
                if (answers++ > 0) { // the first request to the route is served cold
                    slowestAnswer = Math.max(slowestAnswer, System.nanoTime() - asked);
                }
                handled = answer;
                if (firstSeenAt == 0 && handled > 0) {
                    firstSeenAt = System.nanoTime();
                    firstSeen = handled;
                }
            }
            long end = System.nanoTime();
            return new double[] {inTopic / ((end - start) / 1e9), (inTopic - firstSeen) / ((end - firstSeenAt) / 1e9),
                    slowestAnswer / 1e6};
        } finally {
            monitor.destroy();
            monitor.waitFor();
        }
    }

    /** [raw p50, raw p99], [monitor p50, monitor p99] at a steady rate of simulated movements. */
    private double[][] latencies() throws Exception {
        int port = StackConfig.freePort();
        Process monitor = startMonitor(port, Topics.CHANGES, "latest");
        List<Long> raw = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread rawConsumer = Thread.ofPlatform().start(() -> consumeRaw(raw, running));
        try {
            Readiness.await("monitor-service", monitor, null, Readiness.of("127.0.0.1", port), Duration.ofSeconds(60));
            Thread.sleep(3_000); // both consumers have joined and sit at the end of the topic
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(producerUrl + "/simulation"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ratePerSecond\": %d, \"concurrency\": 2, \"durationSeconds\": %d}"
                            .formatted(LATENCY_RATE, LATENCY_SECONDS))).build(), HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 201) {
                throw new StackException("Cannot start the producer's simulation: " + started.body());
            }
            Thread.sleep((LATENCY_SECONDS + 3) * 1000L);
            JsonNode dashboard = JSON.readTree(get(port, "/dashboard"));
            running.set(false);
            rawConsumer.join();
            long[] sorted;
            synchronized (raw) {
                sorted = raw.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            System.out.printf("  latency samples: raw consumer %,d, monitor %,d%n", sorted.length, dashboard.path("events").asLong());
            return new double[][] {{percentile(sorted, 50), percentile(sorted, 99)},
                    {dashboard.path("latencyP50Ms").asDouble(), dashboard.path("latencyP99Ms").asDouble()}};
        } finally {
            running.set(false);
            monitor.destroy();
            monitor.waitFor();
        }
    }

    private void consumeRaw(List<Long> latencies, AtomicBoolean running) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.CHANGES));
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    if (record.value() == null) {
                        continue;
                    }
                    int at = record.value().indexOf("\"ts_ms\":");
                    if (at > 0) {
                        long committed = Long.parseLong(record.value().substring(at + 8).split("[,}]", 2)[0].trim());
                        synchronized (latencies) {
                            latencies.add(now - committed);
                        }
                    }
                }
            }
        }
    }

    private Process startMonitor(int port, String topic, String offsetReset) throws Exception {
        ProcessBuilder builder = QuarkusApp.of(monitorJar).requiringAotCache().processBuilder(java())
                .redirectErrorStream(true)
                .redirectOutput(monitorLog().toFile());
        builder.environment().putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers(),
                "HTTP_HOST", "127.0.0.1",
                "HTTP_PORT", Integer.toString(port),
                "MONITOR_TOPIC", topic,
                "MONITOR_GROUP_ID", "bench-monitor-" + UUID.randomUUID(),
                "MP_MESSAGING_INCOMING_PACKAGE_STATUS_AUTO_OFFSET_RESET", offsetReset,
                "MONITOR_DISPATCH_ENABLED", "false", // consuming and showing only
                "QUARKUS_LOG_LEVEL", "WARN"));
        return builder.start();
    }

    /** A setting of the monitor as packaged: its application.properties, in the application jar beside the runner. */
    private String monitorSetting(String key) throws IOException {
        try (Stream<Path> jars = Files.list(monitorJar.toAbsolutePath().getParent().resolve("app"))) {
            for (Path jar : jars.toList()) {
                try (FileSystem content = FileSystems.newFileSystem(jar);
                     InputStream in = Files.newInputStream(content.getPath("application.properties"))) {
                    Properties properties = new Properties();
                    properties.load(in);
                    if (properties.containsKey(key)) {
                        return properties.getProperty(key);
                    }
                } catch (NoSuchFileException e) {
                    // another jar
                }
            }
        }
        throw new StackException("monitor-service's application.properties sets no " + key + " (" + monitorJar + ")");
    }

    /** In the build folder of the jar it ran (monitor-service/target): the benchmark's own stack is gone once it ends. */
    private Path monitorLog() {
        return monitorJar.toAbsolutePath().getParent().resolveSibling("bench-monitor.log");
    }

    /**
     * Polled every 20 ms: the four counts (~60 bytes), not the whole dashboard (~40 KB to build and read each time);
     * -1 while it does not listen yet. An answer slower than the request's timeout (5 s) fails the run.
     */
    private long handled(int port) throws Exception {
        try {
            JsonNode counts = JSON.readTree(get(port, "/dashboard/counts"));
            return counts.path("events").asLong() + counts.path("duplicates").asLong()
                    + counts.path("tombstones").asLong() + counts.path("malformed").asLong();
        } catch (ConnectException e) {
            return -1;
        }
    }

    private double kcatRate(String topic, long inTopic) throws Exception {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, "kcat").canExecute()) {
                return inTopic / timeProcess(List.of(new File(dir, "kcat").getPath(), "-C", "-b", config.bootstrapServers(),
                        "-t", topic, "-o", "beginning", "-c", Long.toString(inTopic), "-e", "-q"));
            }
        }
        return 0;
    }

    /** Seconds from starting the command to its exit. */
    private static double timeProcess(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new StackException(command.getFirst() + " failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private long endOffset() {
        return endOffset(Topics.CHANGES);
    }

    /** Events in a topic (0 when it does not exist yet). */
    private long endOffset(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private String get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }


    /** One row of the results table, its columns padded so the Markdown also lines up as plain text. */
    private static void row(String measure, String baseline, String monitor, String ratio) {
        System.out.printf("| %-44s | %-15s | %15s | %8s |%n", measure, baseline, monitor, ratio);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : Percentile.of(sorted, p);
    }

}
