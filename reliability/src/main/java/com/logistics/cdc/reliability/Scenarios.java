package com.logistics.cdc.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.logistics.cdc.stack.Ledger;
import com.logistics.cdc.stack.Part;
import com.logistics.cdc.stack.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The faults of {@code make chaos}, in the order they run. Each is held for a while as the simulation writes; the
 * fast ones (a few seconds each) also run in {@code make test}, the others wait minutes (a customer down, Connect
 * stopped). {@code scale} shortens every hold (1 for make chaos).
 */
final class Scenarios {

    /** The poison records' sizes: the largest is past Kafka's default 1 MiB record, as a huge row would be. */
    private static final int LARGE_POISON_BYTES = 5 * 1024 * 1024;

    private Scenarios() {
    }

    static List<Scenario> all(double scale) {
        Duration brief = seconds(15, scale);
        return List.of(
                partStopped("kill -9 of Kafka Connect", true, Part.CONNECT, "KILL", brief),
                partStopped("kill -9 of the Kafka broker", false, Part.KAFKA, "KILL", brief),
                partStopped("PostgreSQL fast shutdown, restart", false, Part.POSTGRES, "INT", brief),
                partStopped("PostgreSQL crash (immediate shutdown), restart", false, Part.POSTGRES, "QUIT", brief),
                new Scenario("kill -9 of monitor-service", true, (product, note) -> {
                    product.stack().stopProcess(ProductStack.MONITOR, "KILL");
                    Thread.sleep(brief.toMillis());
                    return product::startMonitor; // make monitor-up
                }),
                new Scenario("customer 1 answers 500 for " + seconds(60, scale).toSeconds() + " s", true, (product, note) -> {
                    String stub = product.override(1, PACKAGE_STATUS, "{\"status\": 500}");
                    Thread.sleep(seconds(60, scale).toMillis());
                    return () -> product.removeOverride(1, stub);
                }),
                new Scenario("customer 3 down (connections reset) for " + seconds(240, scale).toSeconds() + " s", false, (product, note) -> {
                    String stub = product.override(3, PACKAGE_STATUS, "{\"fault\": \"CONNECTION_RESET_BY_PEER\"}");
                    Thread.sleep(seconds(240, scale).toMillis());
                    return () -> product.removeOverride(3, stub);
                }),
                new Scenario("customer 1 answers 400 for one package", true, (product, note) -> {
                    String code = product.newPackageOf(1);
                    String stub = product.override(1, """
                            {"method": "POST", "url": "/package-status",
                             "bodyPatterns": [{"matchesJsonPath": "$[?(@.trackingCode == '%s')]"}]}""".formatted(code),
                            "{\"status\": 400, \"body\": \"unknown package\"}");
                    for (int i = 0; i < 3; i++) {
                        product.move(code);
                        Thread.sleep(brief.toMillis() / 3);
                    }
                    note.accept(code + "'s movements dead-lettered with the customer's reason");
                    return () -> product.removeOverride(1, stub);
                }),
                new Scenario("poison records in the change topic (garbage, wrong shape, 5 MiB)", true, (product, note) -> {
                    writePoison(product);
                    Thread.sleep(brief.toMillis());
                    note.accept(largeOneByReference(product) ? "the 5 MiB one dead-lettered by reference (its size in a header)"
                            : "the 5 MiB one NOT found dead-lettered by reference");
                    return Scenario.NOTHING;
                }),
                new Scenario("Kafka Connect stopped for " + seconds(180, scale).toSeconds() + " s while writes go on", true, (product, note) -> {
                    product.stack().stopPart(Part.CONNECT, "TERM");
                    long most = 0;
                    JsonNode shown = product.replicationSlotOnDashboard();
                    long until = System.nanoTime() + seconds(180, scale).toNanos();
                    while (System.nanoTime() < until) {
                        Thread.sleep(5_000);
                        shown = product.replicationSlotOnDashboard();
                        most = Math.max(most, shown.path("retainedWalBytes").asLong());
                    }
                    note.accept("the dashboard showed the slot %s, %s, its retained WAL up to %.1f MiB (warning at %.1f MiB)"
                            .formatted(shown.path("active").asBoolean() ? "active" : "inactive", shown.path("state").asText(),
                                    most / 1048576.0, shown.path("warningBytes").asLong() / 1048576.0));
                    return product::makeUp; // make up
                }));
    }

    private static final String PACKAGE_STATUS = "{\"method\": \"POST\", \"url\": \"/package-status\"}";

    private static Duration seconds(long full, double scale) {
        return Duration.ofSeconds(Math.max(3, Math.round(full * scale)));
    }

    /** A part of the stack stopped by {@code signal}, held down, then brought back by what {@code make up} does. */
    private static Scenario partStopped(String name, boolean fast, Part part, String signal, Duration hold) {
        return new Scenario(name, fast, (product, note) -> {
            product.stack().stopPart(part, signal);
            Thread.sleep(hold.toMillis());
            return product::makeUp; // make up
        });
    }

    /** Whether the unreadable topic holds the large poison record by reference: its size in the header, less of it. */
    private static boolean largeOneByReference(ProductStack product) {
        return Ledger.readAll(product.config(), Topics.UNREADABLE).stream().anyMatch(record ->
                Ledger.header(record, "dead-letter-value-bytes").equals(Integer.toString(LARGE_POISON_BYTES))
                        && record.value().length() < LARGE_POISON_BYTES);
    }

    /**
     * Three records no connector wrote: bytes that are not JSON, JSON of the wrong shape, and 5 MiB of it (the topic
     * is let take records that large first, as it must be for such a row to reach it at all).
     */
    private static void writePoison(ProductStack product) throws Exception {
        String servers = product.config().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.CHANGES), List.of(
                    new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(2 * LARGE_POISON_BYTES)),
                            AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        }
        byte[] large = new byte[LARGE_POISON_BYTES];
        Arrays.fill(large, (byte) 'x');
        byte[] prefix = "{\"payload\": {\"op\": \"c\", \"after\": \"".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefix, 0, large, 0, prefix.length);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * LARGE_POISON_BYTES),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (byte[] value : List.of(new byte[] {(byte) 0xff, 0, 1, 2, '{'},
                    "{\"payload\": {\"op\": \"u\", \"after\": {\"id\": \"not a number\"}}}".getBytes(StandardCharsets.UTF_8), large)) {
                producer.send(new ProducerRecord<>(Topics.CHANGES, "poison".getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS);
            }
        }
    }
}
